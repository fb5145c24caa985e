//! The workbench driven by arbitrary keys, pastes, clicks and resizes over a real design (a
//! built-in problem, studied or practised): never a panic while updating or drawing, and
//! whatever state it reaches saves and loads back unchanged. `sdw::tui::replay` decodes the
//! bytes and makes the checks, so a finding replays the same way in the tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sdw::tui::replay::drive(data);
});
