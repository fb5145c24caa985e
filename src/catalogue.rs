//! The numbers catalogue: per component kind, a typical latency, availability and per-replica
//! throughput, each with its source and year, in vintages a design can switch between. The
//! data lives in `catalogue/numbers.toml`, embedded in the binary; a user's file with the same
//! layout is merged over it, figure by figure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::estimate::{self, Prefixes};
use crate::model::{ComponentKind, Convention};
use crate::store::{self, LoadErrors};

const EMBEDDED: &str = include_str!("../catalogue/numbers.toml");

/// One figure, evaluated to SI base units, with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// In seconds (latency), as a fraction (availability) or per second (throughput).
    pub value: f64,
    /// The expression as the catalogue writes it (`0.25 ms`).
    pub text: String,
    pub source: String,
    pub year: u32,
}

/// What the catalogue says about one kind of component.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KindFigures {
    pub latency: Option<Figure>,
    pub availability: Option<Figure>,
    pub throughput: Option<Figure>,
}

/// One set of numbers, with what it inherits already filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Vintage {
    pub id: String,
    pub title: String,
    /// One network round trip between two components.
    pub network: Option<Figure>,
    pub kinds: BTreeMap<ComponentKind, KindFigures>,
}

impl Vintage {
    pub fn kind(&self, kind: ComponentKind) -> Option<&KindFigures> {
        self.kinds.get(&kind)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    pub default: String,
    /// Utilisation above which a component is flagged as short of headroom.
    pub utilisation_warning: Figure,
    pub vintages: BTreeMap<String, Vintage>,
}

// ---------- the file as written ----------

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    default: Option<String>,
    utilisation_warning: Option<RawFigure>,
    #[serde(default)]
    vintages: BTreeMap<String, RawVintage>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVintage {
    title: Option<String>,
    inherits: Option<String>,
    network: Option<RawKind>,
    #[serde(default)]
    kinds: BTreeMap<String, RawKind>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    latency: Option<RawFigure>,
    availability: Option<RawFigure>,
    throughput: Option<RawFigure>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigure {
    value: String,
    source: String,
    year: u32,
}

impl RawKind {
    fn merge(&mut self, over: RawKind) {
        if over.latency.is_some() {
            self.latency = over.latency;
        }
        if over.availability.is_some() {
            self.availability = over.availability;
        }
        if over.throughput.is_some() {
            self.throughput = over.throughput;
        }
    }
}

impl RawFile {
    /// Lay `over` on top of `self`, figure by figure.
    fn merge(&mut self, over: RawFile) {
        if over.default.is_some() {
            self.default = over.default;
        }
        if over.utilisation_warning.is_some() {
            self.utilisation_warning = over.utilisation_warning;
        }
        for (id, vintage) in over.vintages {
            let mine = self.vintages.entry(id).or_default();
            if vintage.title.is_some() {
                mine.title = vintage.title;
            }
            if vintage.inherits.is_some() {
                mine.inherits = vintage.inherits;
            }
            if let Some(network) = vintage.network {
                mine.network.get_or_insert_with(RawKind::default).merge(network);
            }
            for (kind, figures) in vintage.kinds {
                mine.kinds.entry(kind).or_default().merge(figures);
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Measure {
    Latency,
    Availability,
    Throughput,
}

fn evaluate(raw: &RawFigure, measure: Measure, at: &str) -> Result<Figure, String> {
    let q = estimate::calc(&raw.value, Convention::Exact, Prefixes::Si)
        .map_err(|e| format!("{at}: `{}`: {e}", raw.value))?;
    let ok = match measure {
        Measure::Latency => q.base_unit == "s" && q.base_value >= 0.0,
        Measure::Availability => q.base_unit.is_empty() && (0.0..=1.0).contains(&q.base_value),
        Measure::Throughput => q.base_unit == "/s" && q.base_value > 0.0,
    };
    if !ok {
        let wanted = match measure {
            Measure::Latency => "a time such as `5 ms`",
            Measure::Availability => "a share between 0 and 100%, such as `99.9%`",
            Measure::Throughput => "operations per second such as `10000 / s`",
        };
        return Err(format!("{at}: `{}` should be {wanted}", raw.value));
    }
    Ok(Figure { value: q.base_value, text: raw.value.clone(), source: raw.source.clone(), year: raw.year })
}

fn resolve_kind(raw: &RawKind, at: &str) -> Result<KindFigures, String> {
    let one = |f: &Option<RawFigure>, m: Measure, name: &str| -> Result<Option<Figure>, String> {
        f.as_ref().map(|f| evaluate(f, m, &format!("{at}.{name}"))).transpose()
    };
    Ok(KindFigures {
        latency: one(&raw.latency, Measure::Latency, "latency")?,
        availability: one(&raw.availability, Measure::Availability, "availability")?,
        throughput: one(&raw.throughput, Measure::Throughput, "throughput")?,
    })
}

impl RawFile {
    /// Evaluate every figure and fill in what each vintage inherits.
    fn resolve(self) -> Result<Catalogue, String> {
        let mut vintages = BTreeMap::new();
        for id in self.vintages.keys() {
            // The chain of vintages this one inherits from, nearest last.
            let mut chain = vec![id.as_str()];
            while let Some(parent) = self.vintages[*chain.last().unwrap_or(&id.as_str())].inherits.as_deref() {
                if !self.vintages.contains_key(parent) {
                    return Err(format!("vintages.{id}: inherits `{parent}`, which is not a vintage"));
                }
                if chain.contains(&parent) {
                    return Err(format!("vintages.{id}: inheritance goes round in a circle through `{parent}`"));
                }
                chain.push(parent);
            }
            let mut merged = RawVintage::default();
            for link in chain.iter().rev() {
                let v = &self.vintages[*link];
                if let Some(network) = &v.network {
                    merged.network.get_or_insert_with(RawKind::default).merge(network.clone());
                }
                for (kind, figures) in &v.kinds {
                    merged.kinds.entry(kind.clone()).or_default().merge(figures.clone());
                }
            }
            let at = format!("vintages.{id}");
            let network = match &merged.network {
                Some(n) => resolve_kind(n, &format!("{at}.network"))?.latency,
                None => None,
            };
            let mut kinds = BTreeMap::new();
            for (key, figures) in &merged.kinds {
                let kind = ComponentKind::from_key(key)
                    .ok_or_else(|| format!("{at}.kinds.{key}: `{key}` is not a component kind"))?;
                kinds.insert(kind, resolve_kind(figures, &format!("{at}.kinds.{key}"))?);
            }
            let title = self.vintages[id].title.clone().unwrap_or_else(|| id.clone());
            vintages.insert(id.clone(), Vintage { id: id.clone(), title, network, kinds });
        }
        let default = self.default.ok_or("the catalogue names no `default` vintage")?;
        if !vintages.contains_key(&default) {
            return Err(format!("default: `{default}` is not a vintage"));
        }
        let warning = self.utilisation_warning.ok_or("the catalogue has no `utilisation_warning`")?;
        let utilisation_warning = evaluate(&warning, Measure::Availability, "utilisation_warning")?;
        Ok(Catalogue { default, utilisation_warning, vintages })
    }
}

fn parse_raw(text: &str, file: &str) -> Result<RawFile, LoadErrors> {
    store::parse::<RawFile>(text, file)
}

impl Catalogue {
    /// The catalogue shipped in the binary.
    pub fn embedded() -> &'static Catalogue {
        static EMBEDDED_CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        EMBEDDED_CATALOGUE.get_or_init(|| {
            parse_raw(EMBEDDED, "catalogue/numbers.toml")
                .map_err(|e| e.to_string())
                .and_then(RawFile::resolve)
                .expect("the embedded numbers catalogue is valid")
        })
    }

    /// The embedded catalogue with a user's file of the same layout laid over it.
    pub fn with_override(text: &str, file: &str) -> Result<Catalogue, String> {
        let mut raw = parse_raw(EMBEDDED, "catalogue/numbers.toml").map_err(|e| e.to_string())?;
        raw.merge(parse_raw(text, file).map_err(|e| e.to_string())?);
        raw.resolve().map_err(|e| format!("{file}: {e}"))
    }

    /// The vintage a design asks for (or the default), or why there is none.
    pub fn vintage(&self, id: Option<&str>) -> Result<&Vintage, String> {
        let id = id.unwrap_or(&self.default);
        self.vintages.get(id).ok_or_else(|| {
            let known: Vec<&str> = self.vintages.keys().map(String::as_str).collect();
            format!("numbers `{id}` is not a vintage of the catalogue (there are: {})", known.join(", "))
        })
    }
}

/// Where a user's catalogue is looked for: `$SDW_NUMBERS`, else `numbers.toml` in the data
/// folder.
pub fn override_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SDW_NUMBERS").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    store::data_dir().map(|d| d.join("numbers.toml")).filter(|p| p.exists())
}

/// The catalogue in effect for this process, read once: the user's merged over the embedded
/// one, or the embedded one alone when there is no user file or it does not load (commands
/// that analyse report that error themselves).
pub fn active() -> &'static Catalogue {
    static ACTIVE: OnceLock<Catalogue> = OnceLock::new();
    ACTIVE.get_or_init(|| load(override_path().as_deref()).unwrap_or_else(|_| Catalogue::embedded().clone()))
}

/// The catalogue in effect: the embedded one, or the user's merged over it.
pub fn load(path: Option<&Path>) -> Result<Catalogue, String> {
    match path {
        None => Ok(Catalogue::embedded().clone()),
        Some(path) => {
            let text = store::read_text(path).map_err(|e| e.to_string())?;
            Catalogue::with_override(&text, &path.display().to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalogue_has_two_vintages_with_sources() {
        let c = Catalogue::embedded();
        assert!(c.vintages.len() >= 2);
        let current = c.vintage(None).unwrap();
        assert_eq!(current.id, "current");
        let cache = current.kind(ComponentKind::Cache).unwrap();
        assert_eq!(cache.latency.as_ref().unwrap().value, 0.001);
        assert_eq!(cache.throughput.as_ref().unwrap().value, 100_000.0);
        assert_eq!(cache.latency.as_ref().unwrap().year, 2025);
        // Every figure carries a source and a year.
        for vintage in c.vintages.values() {
            for figures in vintage.kinds.values() {
                for f in [&figures.latency, &figures.availability, &figures.throughput].into_iter().flatten() {
                    assert!(!f.source.is_empty() && f.year >= 2000, "{f:?}");
                }
            }
        }
    }

    #[test]
    fn the_classic_vintage_replaces_latencies_and_inherits_the_rest() {
        let classic = Catalogue::embedded().vintage(Some("classic-2012")).unwrap();
        let db = classic.kind(ComponentKind::SqlDb).unwrap();
        assert_eq!(db.latency.as_ref().unwrap().value, 0.010);
        assert_eq!(db.latency.as_ref().unwrap().year, 2012);
        // Throughput is not in the 2012 table: it comes from the current vintage, with its source.
        assert_eq!(db.throughput.as_ref().unwrap().year, 2025);
        assert_eq!(classic.network.as_ref().unwrap().value, 0.0005);
    }

    #[test]
    fn an_unknown_vintage_lists_the_known_ones() {
        let err = Catalogue::embedded().vintage(Some("1999")).unwrap_err();
        assert!(err.contains("classic-2012") && err.contains("current"), "{err}");
    }

    #[test]
    fn a_user_file_overrides_one_figure() {
        let text =
            "[vintages.current.kinds.cache]\nlatency = { value = \"2 ms\", source = \"our own p99\", year = 2026 }\n";
        let c = Catalogue::with_override(text, "numbers.toml").unwrap();
        let cache = c.vintage(None).unwrap().kind(ComponentKind::Cache).unwrap();
        assert_eq!(cache.latency.as_ref().unwrap().value, 0.002);
        assert_eq!(cache.latency.as_ref().unwrap().source, "our own p99");
        assert_eq!(cache.throughput.as_ref().unwrap().value, 100_000.0, "the rest is kept");
        // The classic vintage inherits the override too, where it does not set its own.
        let classic = c.vintage(Some("classic-2012")).unwrap();
        assert_eq!(classic.kind(ComponentKind::Cache).unwrap().latency.as_ref().unwrap().value, 0.00025);
    }

    #[test]
    fn bad_user_figures_are_clear_errors() {
        let wrong_unit =
            "[vintages.current.kinds.cache]\nlatency = { value = \"2 GB\", source = \"x\", year = 2026 }\n";
        let err = Catalogue::with_override(wrong_unit, "numbers.toml").unwrap_err();
        assert!(err.contains("vintages.current.kinds.cache.latency") && err.contains("a time"), "{err}");
        let bad_kind =
            "[vintages.current.kinds.toaster]\nlatency = { value = \"2 ms\", source = \"x\", year = 2026 }\n";
        assert!(Catalogue::with_override(bad_kind, "numbers.toml").unwrap_err().contains("not a component kind"));
        let unknown_key = "[vintages.current]\ncolour = \"red\"\n";
        let err = Catalogue::with_override(unknown_key, "numbers.toml").unwrap_err();
        assert!(err.contains("numbers.toml:2:"), "{err}");
    }
}
