//! `sdw man`: the manual page, in roff. clap_mangen writes the name, synopsis, options and
//! commands from the same definitions `--help` uses; the sections it cannot know (the files
//! sdw reads and writes, the environment, the exit status) are written here.

use clap::CommandFactory;

use super::args::Cli;

/// The sections after clap's, in roff. Every path here is one the code uses.
const EXTRA_SECTIONS: &str = r#".SH "EXIT STATUS"
0 on success; 1 for bad input or a failed check (each problem on stderr as
\fIfile\fR:\fIline\fR:\fIcolumn\fR: \fImessage\fR); 2 for a usage error.
.SH FILES
.TP
\fIFILE\fR.sdw\-recovery, \fIFILE\fR.sdw\-recovery\-\fIN\fR
Unsaved work of the workbench open on \fIFILE\fR, written within a second of every change and
offered back by \fBsdw open\fR after a crash. A second window on the same design uses its own
numbered slot.
.TP
\&.\fIFILE\fR.sdw\-lock, .\fIFILE\fR.sdw\-lock\-\fIN\fR
Mark which windows are open on \fIFILE\fR, so none takes another's recovery file.
.TP
\&.\fIFILE\fR.\fIPID\fR.\fIN\fR.tmp
A save in progress: written beside \fIFILE\fR, flushed, then renamed over it.
.TP
\fI$XDG_DATA_HOME\fR/sdw/history.jsonl
Finished practice attempts, one JSON object a line (\fBsdw history\fR).
.TP
\fI$XDG_DATA_HOME\fR/sdw/recent
Design files opened recently, offered by the problem picker.
.TP
\fI$XDG_CONFIG_HOME\fR/sdw/templates/*.tera
Templates that replace the built-in ones of \fBsdw export\fR by file name.
.SH ENVIRONMENT
.TP
\fBSDW_PROBLEMS\fR
Folders of problem files to add to the library, separated by colons, as \fB\-\-problems\fR.
.TP
\fBSDW_DATA_DIR\fR
Where the history and the recent files are kept, instead of \fI$XDG_DATA_HOME\fR/sdw.
.TP
\fBXDG_DATA_HOME\fR, \fBXDG_CONFIG_HOME\fR
The data and configuration folders; unset, empty or relative (which the XDG Base Directory
specification says to ignore), they are \fI~/.local/share\fR and \fI~/.config\fR.
.TP
\fBVISUAL\fR, \fBEDITOR\fR
The editor the workbench opens a field in (\fBE\fR, or Ctrl\-E while typing); else \fBvi\fR.
.TP
\fBNO_COLOR\fR
When set, the workbench draws without colour.
.SH SIGNALS
SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1 and SIGALRM close the workbench as quitting does,
giving the terminal back; unsaved work is already in the recovery file. SIGTSTP (or Ctrl\-Z)
suspends it with the terminal handed back; \fBfg\fR resumes it.
"#;

/// The whole manual page.
pub fn page() -> std::io::Result<String> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut roff)?;
    let mut page = String::from_utf8_lossy(&roff).into_owned();
    if !page.ends_with('\n') {
        page.push('\n');
    }
    page.push_str(EXTRA_SECTIONS);
    Ok(page)
}
