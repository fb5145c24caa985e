//! One table of key bindings. It dispatches keys, writes the footer hints and the help screen,
//! so what the help says is always what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies. Several contexts are active at once, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    List,
    Estimates,
    HighLevel,
    Review,
    Editing,
    Choosing,
    Picker,
    Filter,
    StartDialog,
    Help,
    Confirm,
    /// Typing a search of the design.
    Search,
    Curveball,
    /// A mock interview is running.
    Practice,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Lists",
            Context::Estimates => "Estimates",
            Context::HighLevel => "High-level design",
            Context::Review => "Review",
            Context::Editing => "Editing a field",
            Context::Choosing => "Choosing a value",
            Context::Picker => "Problem picker",
            Context::Filter => "Filtering problems",
            Context::StartDialog => "Starting a problem",
            Context::Help => "Help",
            Context::Confirm => "Questions",
            Context::Search => "Searching the design",
            Context::Curveball => "A curveball",
            Context::Practice => "Practice attempts",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    /// Shown in the footer of its context.
    pub footer: bool,
}

const fn bind(context: Context, keys: &'static [Key], action: Action, help: &'static str, footer: bool) -> Binding {
    Binding { context, keys, action, help, footer }
}

use Context::*;
use KeyCode::{
    BackTab, Down as DownKey, End, Enter, Esc, Home, Left as LeftKey, PageDown as PageDownKey, PageUp as PageUpKey,
    Right as RightKey, Tab, Up as UpKey,
};

pub static BINDINGS: &[Binding] = &[
    bind(Global, &[k('q'), ctrl('c')], Action::Quit, "quit (asks first when there are unsaved changes)", true),
    bind(Global, &[ctrl('s')], Action::Save, "save", true),
    bind(Global, &[ctrl('z')], Action::Suspend, "suspend to the shell (fg comes back)", false),
    bind(Global, &[k('?')], Action::Help, "help", true),
    bind(Global, &[code(Tab)], Action::NextPhase, "next phase", false),
    bind(Global, &[code(BackTab)], Action::PrevPhase, "previous phase", false),
    bind(Global, &[k('1')], Action::GotoPhase(0), "1 Requirements", false),
    bind(Global, &[k('2')], Action::GotoPhase(1), "2 Estimates", false),
    bind(Global, &[k('3')], Action::GotoPhase(2), "3 API & data", false),
    bind(Global, &[k('4')], Action::GotoPhase(3), "4 High-level design", false),
    bind(Global, &[k('5')], Action::GotoPhase(4), "5 Deep dives", false),
    bind(Global, &[k('6')], Action::GotoPhase(5), "6 Review", false),
    bind(Global, &[k('e')], Action::Export, "export a Markdown design document beside the file", false),
    bind(Global, &[k('/')], Action::Search, "search the whole design", true),
    bind(Global, &[k('n')], Action::SearchNext, "next search hit", false),
    bind(Global, &[k('N')], Action::SearchPrevious, "previous search hit", false),
    bind(Global, &[k('y')], Action::Copy, "copy the Mermaid source, the derivation or the cell (OSC 52)", false),
    bind(Global, &[k('Y')], Action::CopyDocument, "copy the whole design document as Markdown", false),
    bind(Global, &[k('B')], Action::Brief, "the brief, the interviewer's answers and the hints", false),
    bind(Global, &[code(PageDownKey)], Action::PageDown, "scroll the pane beside the list a page down", false),
    bind(Global, &[code(PageUpKey)], Action::PageUp, "scroll the pane beside the list a page up", false),
    bind(Global, &[ctrl('d')], Action::HalfPageDown, "scroll the pane beside the list half a page down", false),
    bind(Global, &[ctrl('u')], Action::HalfPageUp, "scroll the pane beside the list half a page up", false),
    bind(Practice, &[k('A')], Action::Ask, "ask (the interviewer answers a clarifying question)", true),
    bind(Practice, &[k('H')], Action::Hint, "hint (counted)", true),
    bind(Practice, &[k('B')], Action::Brief, "brief (the problem, the answers, the hints taken)", true),
    bind(Practice, &[k('P')], Action::Pause, "pause (the clock)", true),
    bind(List, &[k('j'), code(DownKey)], Action::Down, "down", false),
    bind(List, &[k('k'), code(UpKey)], Action::Up, "up", false),
    bind(List, &[k('h'), code(LeftKey)], Action::Left, "previous column", false),
    bind(List, &[k('l'), code(RightKey)], Action::Right, "next column", false),
    bind(List, &[k('g'), code(Home)], Action::Top, "first row", false),
    bind(List, &[k('G'), code(End)], Action::Bottom, "last row", false),
    bind(List, &[k('a')], Action::Add, "add a row and edit it", true),
    bind(List, &[code(Enter)], Action::Edit, "edit the cell", true),
    bind(List, &[k('d')], Action::Delete, "delete the row", true),
    bind(List, &[k('J')], Action::MoveDown, "move the row down", false),
    bind(List, &[k('K')], Action::MoveUp, "move the row up", false),
    bind(List, &[k('u')], Action::Undo, "undo", true),
    bind(List, &[ctrl('r')], Action::Redo, "redo", false),
    bind(List, &[k('E')], Action::OpenEditor, "edit the cell in $EDITOR", false),
    bind(Estimates, &[k('c')], Action::ToggleConvention, "next calendar (exact, rough, primer, round_day)", true),
    bind(Estimates, &[k('b')], Action::ToggleBinary, "binary prefixes (GiB) on / off", false),
    bind(HighLevel, &[k('m')], Action::ToggleMermaid, "diagram / Mermaid source", true),
    bind(HighLevel, &[k('f')], Action::ToggleFailure, "fail / restore the selected component", true),
    bind(HighLevel, &[k('<')], Action::PanLeft, "pan the diagram left", false),
    bind(HighLevel, &[k('>')], Action::PanRight, "pan the diagram right", false),
    bind(Review, &[code(Enter)], Action::Jump, "go to the phase that needs work", true),
    bind(Review, &[k('j'), code(DownKey)], Action::Down, "down", false),
    bind(Review, &[k('k'), code(UpKey)], Action::Up, "up", false),
    bind(Review, &[k('g'), code(Home)], Action::Top, "first item", false),
    bind(Review, &[k('G'), code(End)], Action::Bottom, "last item", false),
    bind(Review, &[k(' ')], Action::ToggleMet, "mark a rubric item met / not met", true),
    bind(Review, &[k('f')], Action::Finish, "practice: finish and record the score in your history", true),
    bind(Editing, &[code(Enter)], Action::Commit, "keep the text and stop editing", true),
    bind(Editing, &[code(Esc), ctrl('c')], Action::Cancel, "cancel", true),
    bind(Editing, &[code(Tab)], Action::NextField, "keep and go to the next field", true),
    bind(Editing, &[code(BackTab)], Action::PrevField, "keep and edit the previous field", false),
    bind(Editing, &[ctrl('e')], Action::OpenEditor, "edit in $EDITOR", true),
    bind(Editing, &[ctrl('s')], Action::Save, "keep and save", false),
    bind(Choosing, &[k('j'), code(DownKey)], Action::Down, "next option", false),
    bind(Choosing, &[k('k'), code(UpKey)], Action::Up, "previous option", false),
    bind(Choosing, &[k('g'), code(Home)], Action::Top, "first option", false),
    bind(Choosing, &[k('G'), code(End)], Action::Bottom, "last option", false),
    bind(Choosing, &[code(PageUpKey)], Action::PageUp, "ten options up", false),
    bind(Choosing, &[code(PageDownKey)], Action::PageDown, "ten options down", false),
    bind(Choosing, &[code(Enter)], Action::Commit, "choose (type to jump to an option)", true),
    bind(Choosing, &[code(Esc), ctrl('c')], Action::Cancel, "cancel", true),
    bind(Choosing, &[code(Tab)], Action::NextField, "choose and edit the next field", false),
    bind(Picker, &[k('j'), code(DownKey)], Action::Down, "next problem", false),
    bind(Picker, &[k('k'), code(UpKey)], Action::Up, "previous problem", false),
    bind(Picker, &[k('g'), code(Home)], Action::Top, "first problem", false),
    bind(Picker, &[k('G'), code(End)], Action::Bottom, "last problem", false),
    bind(Picker, &[k('/')], Action::Filter, "filter as you type", true),
    bind(Picker, &[code(Enter)], Action::Start, "start", true),
    bind(Picker, &[code(Tab)], Action::SwitchPane, "problems / recent files", true),
    bind(Picker, &[k('q'), code(Esc), ctrl('c')], Action::Quit, "quit", true),
    bind(Picker, &[k('?')], Action::Help, "help", true),
    bind(Filter, &[code(Enter)], Action::Commit, "keep the filter", true),
    bind(Filter, &[code(Esc)], Action::Cancel, "clear the filter", true),
    bind(Filter, &[code(DownKey)], Action::Down, "next problem", false),
    bind(Filter, &[code(UpKey)], Action::Up, "previous problem", false),
    bind(StartDialog, &[k('p'), code(Enter)], Action::StartPractice, "practice: the brief's assumptions only", true),
    bind(StartDialog, &[k('s')], Action::StartStudy, "study: the whole reference design", true),
    bind(StartDialog, &[code(Esc), k('q')], Action::Close, "back", true),
    bind(StartDialog, &[ctrl('c')], Action::Quit, "quit", false),
    bind(Help, &[code(Esc), k('q'), k('?')], Action::Close, "close", true),
    bind(Help, &[k('B')], Action::Brief, "close the brief", false),
    bind(Help, &[k('j'), code(DownKey)], Action::ScrollDown, "scroll down", true),
    bind(Help, &[k('k'), code(UpKey)], Action::ScrollUp, "scroll up", true),
    bind(Help, &[code(PageDownKey), ctrl('f'), k(' ')], Action::PageDown, "a page down", true),
    bind(Help, &[code(PageUpKey), ctrl('b')], Action::PageUp, "a page up", true),
    bind(Help, &[ctrl('d')], Action::HalfPageDown, "half a page down", false),
    bind(Help, &[ctrl('u')], Action::HalfPageUp, "half a page up", false),
    bind(Help, &[k('g'), code(Home)], Action::Top, "to the top", false),
    bind(Help, &[k('G'), code(End)], Action::Bottom, "to the end", false),
    bind(Confirm, &[k('y')], Action::Yes, "yes", true),
    bind(Confirm, &[k('n')], Action::No, "no", true),
    bind(Confirm, &[k('s')], Action::SaveAndQuit, "save, then quit", false),
    bind(Confirm, &[code(Esc)], Action::Close, "cancel", true),
    bind(Search, &[code(Enter)], Action::Commit, "keep the search (n, N move on)", true),
    bind(Search, &[code(Esc), ctrl('c')], Action::Cancel, "cancel, back to where it began", true),
    bind(Curveball, &[code(Enter)], Action::Commit, "answer it in a deep dive now", true),
    bind(Curveball, &[code(Esc)], Action::Close, "later", true),
];

fn normalise(key: KeyEvent) -> Key {
    // Shifted letters arrive as uppercase characters; the SHIFT flag adds nothing.
    let mods = match key.code {
        KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    Key { code: key.code, mods }
}

/// The action for `key` in the first of `contexts` that binds it.
pub fn lookup(contexts: &[Context], key: KeyEvent) -> Option<Action> {
    let key = normalise(key);
    contexts
        .iter()
        .find_map(|ctx| BINDINGS.iter().find(|b| b.context == *ctx && b.keys.contains(&key)).map(|b| b.action.clone()))
}

pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) { format!("Ctrl-{}", name.to_uppercase()) } else { name }
}

pub fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(key_label).collect::<Vec<_>>().join("/")
}

/// Footer hints for the active contexts: (keys, what they do).
pub fn footer(contexts: &[Context]) -> Vec<(String, &'static str)> {
    let mut hints = Vec::new();
    for ctx in contexts {
        for b in BINDINGS.iter().filter(|b| b.context == *ctx && b.footer) {
            // A key already claimed by a more specific context is not shown twice.
            // The footer names the first key of each binding; the help screen lists them all.
            let label = key_label(&b.keys[0]);
            if hints.iter().any(|(l, _): &(String, &str)| *l == label) {
                continue;
            }
            hints.push((label, b.help));
        }
    }
    hints
}

/// The help screen's sections: every context with its bindings.
pub fn help_sections() -> Vec<(Context, Vec<(String, &'static str)>)> {
    let order = [
        Global,
        Practice,
        List,
        Estimates,
        HighLevel,
        Review,
        Editing,
        Choosing,
        Search,
        Picker,
        Filter,
        StartDialog,
        Curveball,
    ];
    order
        .iter()
        .map(|ctx| {
            (*ctx, BINDINGS.iter().filter(|b| b.context == *ctx).map(|b| (keys_label(b.keys), b.help)).collect())
        })
        .collect()
}

/// The context stacks that are active together; used to prove no key is bound twice.
pub const STACKS: &[&[Context]] = &[
    &[Estimates, List, Practice, Global],
    &[HighLevel, List, Practice, Global],
    &[Review, Practice, Global],
    &[List, Practice, Global],
    &[Editing],
    &[Choosing],
    &[Picker],
    &[Filter],
    &[StartDialog],
    &[Help],
    &[Confirm],
    &[Curveball],
    &[Search],
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_any_active_stack() {
        for stack in STACKS {
            let mut seen: Vec<(Key, Context)> = Vec::new();
            for ctx in *stack {
                for b in BINDINGS.iter().filter(|b| b.context == *ctx) {
                    for key in b.keys {
                        if let Some((_, other)) = seen.iter().find(|(k, _)| k == key) {
                            // A specific context may deliberately shadow a general one only for
                            // the same action (Review's j/k are List's j/k).
                            let shadowed =
                                BINDINGS.iter().find(|x| x.context == *other && x.keys.contains(key)).unwrap();
                            assert_eq!(shadowed.action, b.action, "{} bound twice in {stack:?}", key_label(key));
                        }
                        seen.push((*key, *ctx));
                    }
                }
            }
        }
    }

    #[test]
    fn every_binding_is_reachable_in_some_stack() {
        for b in BINDINGS {
            assert!(STACKS.iter().any(|s| s.contains(&b.context)), "{:?} is never active", b.context);
        }
    }

    #[test]
    fn lookup_respects_context_order_and_shift() {
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT);
        assert_eq!(lookup(&[List, Global], key('J')), Some(Action::MoveDown));
        assert_eq!(
            lookup(&[Estimates, List, Global], KeyEvent::from(KeyCode::Char('c'))),
            Some(Action::ToggleConvention)
        );
        assert_eq!(lookup(&[List, Global], KeyEvent::from(KeyCode::Char('c'))), None);
        assert_eq!(lookup(&[Editing], KeyEvent::from(KeyCode::Char('q'))), None);
    }
}
