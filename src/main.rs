use std::process::ExitCode;

fn main() -> ExitCode {
    sdw::cli::main()
}
