//! Everything the workbench can be asked to do. Keys map to actions through the keymap; tests
//! and the event loop send actions to `App::update`.

use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    // Leaving and files
    Quit,
    /// Give the terminal back to the shell until `fg` (Ctrl-Z).
    Suspend,
    Save,
    Export,
    // Overlays
    Help,
    Close,
    Yes,
    No,
    // Phases
    NextPhase,
    PrevPhase,
    GotoPhase(usize),
    // Moving in lists
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    // Editing records
    Add,
    Edit,
    Delete,
    MoveUp,
    MoveDown,
    Undo,
    Redo,
    Commit,
    Cancel,
    NextField,
    PrevField,
    OpenEditor,
    // Screen specific
    ToggleConvention,
    ToggleBinary,
    ToggleMermaid,
    Jump,
    // Practice
    Pause,
    Hint,
    Ask,
    ToggleMet,
    Finish,
    /// Time passed on the interview clock.
    Advance(std::time::Duration),
    // Picker
    Filter,
    Start,
    StartPractice,
    StartStudy,
    SwitchPane,
    // Input that is not a binding
    Type(KeyEvent),
    Paste(String),
    /// Replace the text of the field being edited (the result of `$EDITOR`).
    Replace(String),
    /// Show a message in the status line.
    Report(String),
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp,
    ScrollDown,
    Resize {
        width: u16,
        height: u16,
    },
    Tick,
}
