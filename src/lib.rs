//! sdw, the system design workbench: a pure core (`model`, `estimate`, `problem`, `store`,
//! `recovery`, `export`, `review`, `practice`) and two front ends over it (`cli`, `tui`).

pub mod analysis;
pub mod catalogue;
pub mod cli;
pub mod estimate;
pub mod export;
pub mod model;
pub mod practice;
pub mod problem;
pub mod recovery;
pub mod review;
pub mod store;
pub mod tui;
