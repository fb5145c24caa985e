//! The command line, as clap derive types. Every command's help ends with an example.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::Convention;

#[derive(Debug, Parser)]
#[command(
    name = "sdw",
    version,
    about = "The system design workbench: practise and write system designs in the terminal",
    long_about = "The system design workbench. With no command, opens the interactive workbench \
                  on the problem picker. Every action of the workbench is also a command here.",
    after_help = "Examples:\n  sdw list\n  sdw estimate url-shortener --explain\n  sdw calc '100 million / day -> 1/s'\n  git show HEAD~1:design.toml | sdw estimate -"
)]
pub struct Cli {
    /// Also load problems from this folder (repeatable; also SDW_PROBLEMS, ':'-separated)
    #[arg(long = "problems", value_name = "DIR", global = true)]
    pub problem_dirs: Vec<PathBuf>,

    /// Print no status lines (`wrote FILE`); results, warnings and errors still appear
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the problems in the library
    #[command(after_help = "Example:\n  sdw list --json | jq -r '.problems[].id'")]
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Show a problem's brief and its clarifying questions
    #[command(after_help = "Example:\n  sdw show url-shortener")]
    Show {
        /// A problem id (see `sdw list`)
        problem: String,
    },
    /// Start a design file: the brief's assumptions only, or the whole reference
    #[command(
        after_help = "Examples:\n  sdw new url-shortener -o shortener.toml\n  sdw new twitter -o study.toml --reference\n  sdw new -o blank.toml        # no problem: the standard estimate sheet"
    )]
    New {
        /// A problem id; without one, a blank design with the standard estimate sheet
        problem: Option<String>,
        /// The file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Start from the whole reference design instead of the brief
        #[arg(long)]
        reference: bool,
        /// Overwrite FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Evaluate a design's estimate sheet: every figure with units, checked and explained
    #[command(
        after_help = "Examples:\n  sdw estimate url-shortener\n  sdw estimate design.toml --set 'dau=50 million user' --explain\n  sdw estimate twitter --convention rough --json\n  git show HEAD~1:design.toml | sdw estimate -"
    )]
    Estimate {
        /// A problem id (its reference sheet) or a design file
        target: OsString,
        /// Override a row: NAME=EXPR (repeatable)
        #[arg(long = "set", value_name = "NAME=EXPR", value_parser = parse_assignment)]
        set: Vec<(String, String)>,
        #[command(flatten)]
        units: UnitArgs,
        /// Print JSON: values in SI base units, rows in sheet order
        #[arg(long)]
        json: bool,
        /// Show each formula with its inputs' values substituted
        #[arg(long)]
        explain: bool,
        /// Also show each row's band over the ranges (inputs written low..likely..high)
        #[arg(long)]
        bands: bool,
        /// Rank the ranges by how far each alone moves the row ROW
        #[arg(long, value_name = "ROW")]
        sensitivity: Option<String>,
    },
    /// Analyse a design at its peak: load and utilisation per component, each flow's
    /// availability and latency, the SLO ledger, and what fails when components do
    #[command(
        after_help = "Examples:\n  sdw analyze url-shortener\n  sdw analyze url-shortener --fail cache\n  sdw analyze design.toml --fail url_db:2 --json | jq '.flows[] | {name, status}'\n  sdw analyze twitter --set peak_factor=5"
    )]
    Analyze {
        /// A problem id (its reference design) or a design file
        target: OsString,
        /// Fail a component: ID loses every replica, ID:N loses N of them (repeatable)
        #[arg(long = "fail", value_name = "ID[:N]")]
        fail: Vec<String>,
        /// Override an estimate row: NAME=EXPR (repeatable); the output says what flipped
        #[arg(long = "set", value_name = "NAME=EXPR", value_parser = parse_assignment)]
        set: Vec<(String, String)>,
        /// Use this vintage of the numbers catalogue instead of the design's own
        #[arg(long, value_name = "VINTAGE")]
        numbers: Option<String>,
        /// Print JSON: values in SI base units
        #[arg(long)]
        json: bool,
    },
    /// Validate design or problem files; with none, the whole library
    #[command(
        after_help = "Examples:\n  sdw check design.toml\n  sdw check problems/*.toml\n  sdw check                    # the whole library\n  cat design.toml | sdw check -"
    )]
    Check {
        /// Design files, problem files or problem ids
        targets: Vec<OsString>,
    },
    /// Unit-aware arithmetic for quick estimates
    #[command(
        after_help = "Examples:\n  sdw calc '300M * 2 / day -> 1/s'\n  sdw calc --convention rough '100 million / day -> 1/s'\n  sdw calc '1 billion * 100 bytes -> GB'"
    )]
    Calc {
        #[command(flatten)]
        units: UnitArgs,
        /// The expression (several words are joined with spaces)
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        expr: Vec<String>,
    },
    /// Show the settings file's place, the settings in force and every key it takes
    #[command(after_help = "Example:\n  sdw settings")]
    Settings,
    /// Open a design file in the workbench
    #[command(after_help = "Example:\n  sdw open shortener.toml")]
    Open {
        /// The design file
        file: PathBuf,
    },
    /// Start a fresh attempt at a problem in the workbench
    #[command(after_help = "Examples:\n  sdw practice twitter\n  sdw practice url-shortener -o attempt.toml")]
    Practice {
        /// A problem id (see `sdw list`)
        problem: String,
        /// The design file to create (default: <problem>.toml in the current directory, or
        /// <problem>-2.toml, ... if that exists)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Render a design document: Markdown with Mermaid diagrams, the diagrams alone, or JSON
    #[command(
        after_help = "Examples:\n  sdw export url-shortener -o shortener.md\n  sdw export design.toml --format mermaid\n  sdw export design.toml --diagram architecture -o architecture.mmd\n  sdw export design.toml --format json | jq '.quantities[0]'\n  sdw export design.toml --templates my-templates/ -o design.md"
    )]
    Export {
        /// A problem id (its reference design) or a design file
        target: OsString,
        /// markdown: the design document; mermaid: its diagrams alone, each a ```mermaid block
        /// opened by a `%% sdw:NAME` line; json: the design and its evaluated estimates
        /// [default: markdown, or mermaid for a FILE ending in .mmd]
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// One diagram alone, as raw Mermaid source for mmdc or a .mmd file: architecture,
        /// flow-write, flow-read or erd
        #[arg(long, value_name = "NAME")]
        diagram: Option<String>,
        /// Write FILE (atomically) instead of printing
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Templates that replace the built-in ones by file name (default: sdw/templates in
        /// the configuration folder, when it exists)
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Score a design: automatic checks and the problem's rubric, the weakest phase, and a
    /// side-by-side with the reference design
    #[command(
        after_help = "Examples:\n  sdw review attempt.toml\n  sdw review attempt.toml --json | jq .score\n  sdw review twitter           # the reference design itself"
    )]
    Review {
        /// A design file, or a problem id (its reference design)
        target: OsString,
        /// Print the scorecard as JSON (`score`, `items`, ...)
        #[arg(long)]
        json: bool,
        /// Record the attempt in your practice history
        #[arg(long)]
        record: bool,
    },
    /// Your finished practice attempts and your progress per problem
    #[command(after_help = "Examples:\n  sdw history\n  sdw history twitter --json")]
    History {
        /// Only this problem
        problem: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Where sdw keeps its files: history, recent files, template overrides
    #[command(after_help = "Example:\n  sdw paths")]
    Paths,
    /// Print the manual page (roff)
    #[command(after_help = "Examples:\n  sdw man | man -l -\n  sdw man > ~/.local/share/man/man1/sdw.1")]
    Man,
    /// Print shell completions
    #[command(after_help = "Example:\n  sdw completions bash > ~/.local/share/bash-completion/completions/sdw")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The design document, with its diagrams
    Markdown,
    /// The diagrams alone
    Mermaid,
    /// The design and its evaluated estimates
    Json,
}

impl From<ExportFormat> for crate::export::Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Markdown => crate::export::Format::Markdown,
            ExportFormat::Mermaid => crate::export::Format::Mermaid,
            ExportFormat::Json => crate::export::Format::Json,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct UnitArgs {
    /// How long a day, month and year are (default: the design's own, else exact)
    #[arg(long, value_enum)]
    pub convention: Option<ConventionArg>,
    /// Show bytes with binary prefixes (KiB, MiB, GiB) instead of SI ones
    #[arg(long)]
    pub binary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConventionArg {
    /// day = 86,400 s, month = 30 days, year = 365 days
    Exact,
    /// day ≈ 10^5 s, month ≈ 2.5 × 10^6 s, year ≈ 3 × 10^7 s
    Rough,
    /// day = 86,400 s, month = 2.5 × 10^6 s, year = 12 months (the System Design Primer's)
    Primer,
    /// day ≈ 10^5 s, month = 30 days, year = 365 days
    RoundDay,
}

impl From<ConventionArg> for Convention {
    fn from(c: ConventionArg) -> Self {
        match c {
            ConventionArg::Exact => Convention::Exact,
            ConventionArg::Rough => Convention::Rough,
            ConventionArg::Primer => Convention::Primer,
            ConventionArg::RoundDay => Convention::RoundDay,
        }
    }
}

fn parse_assignment(s: &str) -> Result<(String, String), String> {
    let (name, expr) = s.split_once('=').ok_or_else(|| format!("`{s}` should be NAME=EXPR"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("`{s}` has no name before ="));
    }
    Ok((name.to_string(), expr.trim().to_string()))
}
