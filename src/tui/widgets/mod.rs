//! Widgets of our own: a text field and the architecture diagram, and fitting text to a column.

pub mod clip;
pub mod diagram;
pub mod text_input;
