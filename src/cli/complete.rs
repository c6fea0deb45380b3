//! Shell completion that knows the corpus: `archdeck __complete WHAT [PREFIX]` prints the
//! candidates (entry ids, kinds, tags) from the decks the user actually has, and the bash, zsh
//! and fish scripts from `archdeck completions SHELL` call it.

use std::collections::BTreeSet;
use std::io::Write;

use anyhow::Result;

use crate::corpus::Kind;
use crate::ctx::Ctx;

/// What to complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// Entry ids (`show ID`).
    Ids,
    /// Kinds (`list --kind`).
    Kinds,
    /// Tags (`list --tag`).
    Tags,
    /// Decks: `all`, kinds in the plural, and tags (`quiz --deck`, `export --deck`).
    Decks,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, what: What, prefix: &str) -> Result<u8> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    let kinds = || Kind::ALL.iter().map(|k| k.as_str().to_string());
    match what {
        What::Kinds => names.extend(kinds()),
        What::Ids => {
            let (corpus, _) = ctx.load();
            names.extend(corpus.entries().iter().map(|e| e.id.clone()));
        }
        What::Tags | What::Decks => {
            let (corpus, _) = ctx.load();
            names.extend(corpus.entries().iter().flat_map(|e| e.tags.iter().cloned()));
            if what == What::Decks {
                names.insert("all".into());
                names.extend(kinds().map(|k| plural(&k)));
            }
        }
    }
    for name in names.iter().filter(|n| n.starts_with(prefix)) {
        writeln!(out, "{name}")?;
    }
    Ok(0)
}

fn plural(kind: &str) -> String {
    match kind.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None => format!("{kind}s"),
    }
}

/// Clap's completion script for `shell`, taught to complete ids, kinds, tags and decks from the
/// corpus (bash, zsh and fish; other shells get clap's script as it is).
pub fn with_corpus(shell: clap_complete::Shell, script: Vec<u8>) -> Vec<u8> {
    use clap_complete::Shell;
    match shell {
        Shell::Bash => [script, BASH.as_bytes().to_vec()].concat(),
        Shell::Fish => [script, FISH.as_bytes().to_vec()].concat(),
        Shell::Zsh => {
            // Each value that comes from the corpus gets the corpus's completer instead of
            // clap's `_default`; the helper goes first, so that it exists when the script is
            // autoloaded as the `_archdeck` function.
            let text = String::from_utf8_lossy(&script)
                .replace(":KIND:_default'", ":KIND:_archdeck_corpus kinds'")
                .replace(":TAG:_default'", ":TAG:_archdeck_corpus tags'")
                .replace(":DECK:_default'", ":DECK:_archdeck_corpus decks'")
                .replace(
                    "a query whose best hit wins by a clear margin:_default'",
                    "a query whose best hit wins by a clear margin:_archdeck_corpus ids'",
                );
            match text.split_once('\n') {
                Some((first, rest)) => format!("{first}\n{ZSH}{rest}").into_bytes(),
                None => text.into_bytes(),
            }
        }
        _ => script,
    }
}

/// The zsh helper the rewritten specs call: candidates from `archdeck __complete`, with the
/// `--decks` folder of the command line if one was given.
const ZSH: &str = r#"
# Completion from the corpus (entry ids, kinds, tags, decks), through `archdeck __complete`.
_archdeck_corpus() {
    local -a decks items
    local i
    for ((i = 1; i < CURRENT; i++)); do
        [[ "${words[i]}" == --decks ]] && decks=(--decks "${words[i+1]}")
        [[ "${words[i]}" == --decks=* ]] && decks=("${words[i]}")
    done
    # `_arguments` puts its compadd options first and the word last. Inside a subcommand's
    # arguments `words` starts at the subcommand, so the command is named.
    items=("${(@f)$(archdeck "${decks[@]}" __complete "${@[-1]}" 2>/dev/null)}")
    compadd "${@[1,-2]}" -a items
}
"#;

/// Appended to clap's fish script: entry ids after `show`, kinds, tags and decks from the
/// corpus.
const FISH: &str = r#"
# Completion from the corpus (entry ids, kinds, tags, decks), through `archdeck __complete`.
complete -c archdeck -n "__fish_seen_subcommand_from show" -f -a "(archdeck __complete ids (commandline -ct) 2>/dev/null)"
complete -c archdeck -n "__fish_seen_subcommand_from list search" -l kind -x -a "(archdeck __complete kinds 2>/dev/null)"
complete -c archdeck -n "__fish_seen_subcommand_from list" -l tag -x -a "(archdeck __complete tags 2>/dev/null)"
complete -c archdeck -n "__fish_seen_subcommand_from quiz export" -l deck -x -a "(archdeck __complete decks 2>/dev/null)"
"#;

/// Appended to clap's bash script: completes ids, kinds, tags and decks from the corpus, and
/// leaves everything else to clap's `_archdeck`.
pub const BASH: &str = r#"
# Completion from the corpus: entry ids after `show`, kinds after `--kind`, tags after `--tag`,
# decks (all, kinds, tags) after `--deck`.
_archdeck_corpus() {
    local cur prev sub i
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    sub=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            --decks|--data-dir) ((i++)) ;;
            -*) ;;
            *) sub="${COMP_WORDS[i]}"; break ;;
        esac
    done
    local what=""
    case "$prev" in
        --kind) what=kinds ;;
        --tag) what=tags ;;
        --deck) what=decks ;;
        *)
            if [[ "$sub" == "show" && "$cur" != -* && "$prev" == "show" ]]; then
                what=ids
            fi
            ;;
    esac
    if [[ -n "$what" ]]; then
        local decks=() j
        for ((j = 1; j < COMP_CWORD; j++)); do
            case "${COMP_WORDS[j]}" in
                --decks) decks=(--decks "${COMP_WORDS[j+1]}") ;;
            esac
        done
        local IFS=$'\n'
        COMPREPLY=($("${COMP_WORDS[0]}" "${decks[@]}" __complete "$what" "$cur" 2>/dev/null))
        return 0
    fi
    _archdeck "$@"
}
complete -F _archdeck_corpus -o bashdefault -o default archdeck
"#;
