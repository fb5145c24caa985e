//! Everything the workbench can be asked to do. Keys map to actions through the keymap; tests
//! and the event loop send actions to `App::update`.

use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    // Leaving and files
    Quit,
    /// Save, then quit if the save worked.
    SaveAndQuit,
    /// Give the terminal back to the shell until `fg` (Ctrl-Z).
    Suspend,
    Save,
    Export,
    /// Copy what is selected (the Mermaid source, a derivation, a cell) to the clipboard.
    Copy,
    /// Copy the whole design document.
    CopyDocument,
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
    /// Scroll the pane beside the list (or the overlay) by a page or half a page.
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
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
    /// Fail the selected component, or restore it, to see what breaks.
    ToggleFailure,
    /// Search the whole design; the next and previous hit.
    Search,
    SearchNext,
    SearchPrevious,
    /// Pan the architecture drawing left or right.
    PanLeft,
    PanRight,
    Jump,
    // Practice
    Pause,
    Hint,
    /// The brief, the interviewer's answers and the hints, as a scrollable overlay.
    Brief,
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
    /// The mouse wheel turned over a point of the screen.
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    ScrollUp,
    ScrollDown,
    Resize {
        width: u16,
        height: u16,
    },
    Tick,
}
