use super::*;
use crate::problem::Library;

fn shortener() -> (Design, Problem) {
    let library = Library::builtin();
    let problem = library.get("url-shortener").expect("the URL shortener is built in").problem.clone();
    (problem.reference_design(), problem)
}

#[test]
fn markdown_of_the_shortener() {
    let (design, problem) = shortener();
    let md = Exporter::builtin().render(&design, Some(&problem), Format::Markdown).unwrap();
    println!("{md}");
}
