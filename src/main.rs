use std::process::ExitCode;

fn main() -> ExitCode {
    archdeck::ctx::mark_start();
    let cli = match archdeck::run::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    match archdeck::run::run(cli, &|k| std::env::var(k).ok()) {
        Ok(code) => ExitCode::from(code),
        Err(err) if archdeck::run::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if archdeck::run::is_output_error(&err) => {
            archdeck::ctx::say(format_args!("cannot write the output: {err:#}"));
            ExitCode::from(2)
        }
        Err(err) => {
            archdeck::ctx::say(format_args!("{err:#}"));
            ExitCode::from(2)
        }
    }
}
