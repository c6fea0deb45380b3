use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    archdeck::ctx::mark_start();
    let cli = archdeck::cli::Cli::parse();
    match archdeck::run::run(cli, &|k| std::env::var(k).ok()) {
        Ok(code) => ExitCode::from(code),
        Err(err) if archdeck::run::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("archdeck: {err:#}");
            ExitCode::from(2)
        }
    }
}
