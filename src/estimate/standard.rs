//! The sheet a new design starts from: the assumptions every back-of-the-envelope estimate
//! needs and the standard figures derived from them. Users edit it; nothing here is special.

use crate::model::{Formula, Input, Sheet};

fn input(name: &str, value: &str, note: &str) -> Input {
    Input { name: name.into(), value: value.into(), note: note.into() }
}

fn formula(name: &str, expr: &str, note: &str) -> Formula {
    Formula { name: name.into(), expr: expr.into(), note: note.into() }
}

pub fn standard_sheet() -> Sheet {
    Sheet {
        inputs: vec![
            input("dau", "10 million user", "daily active users"),
            input("writes_per_user", "2 request / user / day", "write actions per user per day"),
            input("read_write_ratio", "10", "reads per write"),
            input("object_size", "1 KB / request", "bytes stored per write"),
            input("retention", "5 years", "how long data is kept"),
            input("replication_factor", "3", "copies of every byte"),
            input("peak_factor", "3", "peak traffic over the daily average"),
            input("server_capacity", "1000 request / s / server", "requests one server handles"),
            input("headroom", "70 percent", "target utilisation at peak"),
            input("cache_hot_fraction", "20 percent", "80/20: a fifth of the data serves most reads"),
            input("shard_capacity", "2 TB / shard", "data one database shard holds"),
        ],
        formulas: vec![
            formula("write_qps", "dau * writes_per_user -> request / s", "average writes per second"),
            formula("read_qps", "write_qps * read_write_ratio", "average reads per second"),
            formula("peak_write_qps", "write_qps * peak_factor", ""),
            formula("peak_read_qps", "read_qps * peak_factor", ""),
            formula("storage_per_day", "write_qps * object_size -> GB / day", "new data per day, one copy"),
            formula("storage_per_year", "storage_per_day * year -> TB", "new data per year, one copy"),
            formula(
                "storage_total",
                "storage_per_day * retention * replication_factor -> TB",
                "over the retention, replicated",
            ),
            formula("ingress", "write_qps * object_size -> Mbit / s", "write bandwidth"),
            formula("egress", "read_qps * object_size -> Mbit / s", "read bandwidth"),
            formula(
                "cache_memory",
                "read_qps * day * object_size * cache_hot_fraction -> GB",
                "hot set of a day's reads",
            ),
            formula(
                "app_servers",
                "ceil_in(server, (peak_read_qps + peak_write_qps) / (server_capacity * headroom))",
                "application servers at peak, with headroom",
            ),
            formula(
                "db_shards",
                "ceil_in(shard, storage_total / shard_capacity)",
                "database shards for the retained data",
            ),
        ],
        ..Sheet::default()
    }
}
