//! sdw, the system design workbench: a pure core (`model`, `estimate`, `problem`, `store`,
//! `recovery`, `export`, `review`, `practice`, `text`, and `safe_fs` and `paths`: how and where
//! files are touched) and two front ends over it (`cli`, `tui`).

pub mod analysis;
pub mod catalogue;
pub mod cli;
pub mod estimate;
pub mod export;
pub mod model;
pub mod paths;
pub mod practice;
pub mod problem;
pub mod recovery;
pub mod review;
pub mod safe_fs;
pub mod settings;
pub mod store;
pub mod text;
pub mod tui;
