//! Shell completion that knows the corpus: `archdeck __complete WHAT [PREFIX]` prints the
//! candidates (entry ids, kinds, tags) from the decks the user actually has, and the bash
//! script from `archdeck completions bash` calls it.

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
