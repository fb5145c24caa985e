//! Phase 4: the building blocks of the architecture and the connections between them.

use serde::{Deserialize, Serialize};

use super::{Replicas, ReqRef};

/// One box on the architecture diagram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// Short identifier links refer to: lowercase letters, digits, `_` and `-`.
    pub id: String,
    pub kind: ComponentKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The requirements this component exists for (`F1`, `N2`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<ReqRef>,
    /// A number, or the estimate row that sizes the fleet (`redirect_servers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<Replicas>,
    /// What one replica carries: an expression with units or a row (`2000 request / s`,
    /// `redirect_capacity`). Unstated, the numbers catalogue gives the kind's typical figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<String>,
    /// The availability of one replica (`99.9%`, a row); else the catalogue's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<String>,
    /// The latency of one call (`2 ms`, a row); else the catalogue's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Default for Component {
    fn default() -> Self {
        Component {
            id: String::new(),
            kind: ComponentKind::Service,
            label: String::new(),
            serves: Vec::new(),
            replicas: None,
            capacity: None,
            availability: None,
            latency: None,
            notes: String::new(),
        }
    }
}

impl Component {
    /// The label, or the id when no label was given.
    pub fn display_name(&self) -> &str {
        if self.label.trim().is_empty() { &self.id } else { &self.label }
    }
}

/// The closed catalogue of component kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    Client,
    Dns,
    Cdn,
    LoadBalancer,
    ApiGateway,
    RealtimeGateway,
    Service,
    Worker,
    Scheduler,
    Coordinator,
    Cache,
    SqlDb,
    NosqlDb,
    TimeSeriesDb,
    GraphDb,
    ObjectStore,
    SearchIndex,
    Queue,
    Stream,
    External,
}

/// Where a kind of component sits, left to right, on a diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Client,
    Edge,
    Services,
    Async,
    Data,
    External,
}

impl Tier {
    pub const ALL: [Tier; 6] = [Tier::Client, Tier::Edge, Tier::Services, Tier::Async, Tier::Data, Tier::External];

    pub fn title(self) -> &'static str {
        match self {
            Tier::Client => "Clients",
            Tier::Edge => "Edge",
            Tier::Services => "Services",
            Tier::Async => "Async",
            Tier::Data => "Data",
            Tier::External => "External",
        }
    }
}

impl ComponentKind {
    pub const ALL: [ComponentKind; 20] = [
        ComponentKind::Client,
        ComponentKind::Dns,
        ComponentKind::Cdn,
        ComponentKind::LoadBalancer,
        ComponentKind::ApiGateway,
        ComponentKind::RealtimeGateway,
        ComponentKind::Service,
        ComponentKind::Worker,
        ComponentKind::Scheduler,
        ComponentKind::Coordinator,
        ComponentKind::Cache,
        ComponentKind::SqlDb,
        ComponentKind::NosqlDb,
        ComponentKind::TimeSeriesDb,
        ComponentKind::GraphDb,
        ComponentKind::ObjectStore,
        ComponentKind::SearchIndex,
        ComponentKind::Queue,
        ComponentKind::Stream,
        ComponentKind::External,
    ];

    /// The name used in files (`load_balancer`).
    pub fn key(self) -> &'static str {
        match self {
            ComponentKind::Client => "client",
            ComponentKind::Dns => "dns",
            ComponentKind::Cdn => "cdn",
            ComponentKind::LoadBalancer => "load_balancer",
            ComponentKind::ApiGateway => "api_gateway",
            ComponentKind::RealtimeGateway => "realtime_gateway",
            ComponentKind::Service => "service",
            ComponentKind::Worker => "worker",
            ComponentKind::Scheduler => "scheduler",
            ComponentKind::Coordinator => "coordinator",
            ComponentKind::Cache => "cache",
            ComponentKind::SqlDb => "sql_db",
            ComponentKind::NosqlDb => "nosql_db",
            ComponentKind::TimeSeriesDb => "time_series_db",
            ComponentKind::GraphDb => "graph_db",
            ComponentKind::ObjectStore => "object_store",
            ComponentKind::SearchIndex => "search_index",
            ComponentKind::Queue => "queue",
            ComponentKind::Stream => "stream",
            ComponentKind::External => "external",
        }
    }

    /// A human name for pickers and documents.
    pub fn title(self) -> &'static str {
        match self {
            ComponentKind::Client => "Client",
            ComponentKind::Dns => "DNS",
            ComponentKind::Cdn => "CDN",
            ComponentKind::LoadBalancer => "Load balancer",
            ComponentKind::ApiGateway => "API gateway",
            ComponentKind::RealtimeGateway => "Real-time gateway",
            ComponentKind::Service => "Service",
            ComponentKind::Worker => "Worker",
            ComponentKind::Scheduler => "Scheduler",
            ComponentKind::Coordinator => "Coordinator",
            ComponentKind::Cache => "Cache",
            ComponentKind::SqlDb => "SQL database",
            ComponentKind::NosqlDb => "NoSQL database",
            ComponentKind::TimeSeriesDb => "Time-series database",
            ComponentKind::GraphDb => "Graph database",
            ComponentKind::ObjectStore => "Object store",
            ComponentKind::SearchIndex => "Search index",
            ComponentKind::Queue => "Queue",
            ComponentKind::Stream => "Stream",
            ComponentKind::External => "External service",
        }
    }

    pub fn from_key(key: &str) -> Option<ComponentKind> {
        ComponentKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn tier(self) -> Tier {
        use ComponentKind::*;
        match self {
            Client => Tier::Client,
            Dns | Cdn | LoadBalancer | ApiGateway | RealtimeGateway => Tier::Edge,
            Service | Coordinator => Tier::Services,
            Worker | Scheduler | Queue | Stream => Tier::Async,
            Cache | SqlDb | NosqlDb | TimeSeriesDb | GraphDb | ObjectStore | SearchIndex => Tier::Data,
            External => Tier::External,
        }
    }

    /// Stores keep data: they are drawn as cylinders and checked for replication.
    pub fn is_store(self) -> bool {
        use ComponentKind::*;
        matches!(self, SqlDb | NosqlDb | TimeSeriesDb | GraphDb | ObjectStore | SearchIndex)
    }
}

/// How a link carries its call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkMode {
    #[default]
    Sync,
    Async,
}

impl LinkMode {
    pub fn is_sync(&self) -> bool {
        *self == LinkMode::Sync
    }
}

/// An arrow between two components.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    #[serde(default, skip_serializing_if = "LinkMode::is_sync")]
    pub mode: LinkMode,
    /// The name of an estimate row whose value labels this link (e.g. `peak_read_qps`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_key() {
        for kind in ComponentKind::ALL {
            assert_eq!(ComponentKind::from_key(kind.key()), Some(kind));
            let toml = format!("k = \"{}\"", kind.key());
            #[derive(Deserialize)]
            struct K {
                k: ComponentKind,
            }
            assert_eq!(toml::from_str::<K>(&toml).unwrap().k, kind);
        }
    }
}
