//! Widgets of our own: a text field and the architecture diagram.

pub mod diagram;
pub mod text_input;
