//! Text normalisation, shared by queries and the index. `build.rs` includes this file to index
//! the built-in corpus at compile time, so it depends on nothing but `std` and `rust-stemmers`.
//!
//! - Case and diacritics fold ("Café" → "cafe"); apostrophes vanish, so possessives match
//!   their plain form ("Hyrum's" = "hyrums"); the Snowball English stemmer then takes plurals
//!   and tenses to one stem ("hyrums" → "hyrum", "failing" / "failures" → "fail").
//! - Words split at every character that is not a letter or a digit. A word joined by hyphens
//!   or slashes also yields the joined compound ("split-brain" → `split`, `brain`,
//!   `splitbrain`), so "split brain", "split-brain" and "splitbrain" meet.
//! - Number words from two to twenty become digits ("twelve-factor" → `12`, `factor`,
//!   `12factor`), so "12 factor", "twelve factor" and "12factor" meet.
//! - Stop words ("the", "a", "that", ...) are dropped from text; names keep them.

use rust_stemmers::{Algorithm, Stemmer};

/// The fields of an entry that search reads, in the order of [`Field::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Title,
    Aliases,
    Tags,
    Summary,
    /// A pattern's problem, a rule's statement and reason.
    Statement,
    /// A fallacy's or a law's scenarios.
    Scenarios,
    Body,
}

/// How many fields there are.
pub const FIELDS: usize = 7;

impl Field {
    pub const ALL: [Field; FIELDS] = [
        Field::Title,
        Field::Aliases,
        Field::Tags,
        Field::Summary,
        Field::Statement,
        Field::Scenarios,
        Field::Body,
    ];

    /// The name used in `search --json` (a pattern's [`Field::Statement`] is its `problem`).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Aliases => "aliases",
            Field::Tags => "tags",
            Field::Summary => "summary",
            Field::Statement => "statement",
            Field::Scenarios => "scenarios",
            Field::Body => "body",
        }
    }
}

/// The English Snowball stemmer.
pub fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// The stem of a normalised word: digits and mixed words ("2pc", "l7") stay as they are.
pub fn stem(stemmer: &Stemmer, word: &str) -> String {
    if word.chars().all(|c| c.is_ascii_lowercase()) {
        stemmer.stem(word).into_owned()
    } else {
        word.to_string()
    }
}

/// Lower-cases `c` and removes its diacritics, appending the result to `out`.
pub fn fold_into(c: char, out: &mut String) {
    let folded =
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä'
            | 'Å' => "a",
            'æ' | 'Æ' => "ae",
            'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
            'ď' | 'đ' | 'Ď' | 'Đ' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ě' => {
                "e"
            }
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
            'ł' | 'ľ' | 'Ł' | 'Ľ' => "l",
            'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø'
            | 'Ő' => "o",
            'œ' | 'Œ' => "oe",
            'ř' | 'Ř' => "r",
            'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
            'ß' => "ss",
            'ť' | 'ţ' | 'Ť' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ů' | 'Ű' => {
                "u"
            }
            'ý' | 'ÿ' | 'Ý' => "y",
            'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
            _ => {
                out.extend(c.to_lowercase());
                return;
            }
        };
    out.push_str(folded);
}

/// Whether `c` is an apostrophe, which normalisation drops ("don't" → "dont").
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

/// Lower-cased, diacritics folded, apostrophes removed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // ASCII (nearly all text) folds to its lower case, as `fold_into` would do.
        if c.is_ascii() {
            if c != '\'' {
                out.push(c.to_ascii_lowercase());
            }
        } else if !is_apostrophe(c) {
            fold_into(c, &mut out);
        }
    }
    out
}

/// Digits for the number words two to twenty.
pub fn number_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "two" => "2",
        "three" => "3",
        "four" => "4",
        "five" => "5",
        "six" => "6",
        "seven" => "7",
        "eight" => "8",
        "nine" => "9",
        "ten" => "10",
        "eleven" => "11",
        "twelve" => "12",
        "thirteen" => "13",
        "fourteen" => "14",
        "fifteen" => "15",
        "sixteen" => "16",
        "seventeen" => "17",
        "eighteen" => "18",
        "nineteen" => "19",
        "twenty" => "20",
        _ => return None,
    })
}

/// English stop words (the Snowball list, without negations, and "vs" / "versus", which join
/// two topics without naming one), sorted for binary search.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "versus",
    "very",
    "vs",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Whether a normalised word is an English stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// One word of a text, as [`words`] splits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Normalised, number words as digits ("12", "split", "splitbrain").
    pub text: String,
    /// For a compound, how many plain words it joins; 1 otherwise.
    pub joins: usize,
}

/// The words of a text: normalised, split at every character that is not a letter or a digit,
/// with number words as digits and the compound of each word joined by hyphens or slashes after
/// its parts. Stop words are kept; every word is at most `max_chars` characters.
pub fn words(text: &str, max_chars: usize) -> Vec<Word> {
    let norm = normalize(text);
    let mut out = Vec::new();
    let joiner = |c: char| c == '-' || c == '/' || c == '‐' || c == '–';
    for chunk in norm.split(|c: char| !c.is_alphanumeric() && !joiner(c)) {
        let parts: Vec<&str> = chunk.split(joiner).filter(|p| !p.is_empty()).collect();
        let mut joined = String::new();
        for part in &parts {
            let part: String = part.chars().take(max_chars).collect();
            let part = number_word(&part).map_or(part, str::to_string);
            joined.push_str(&part);
            out.push(Word {
                text: part,
                joins: 1,
            });
        }
        if (2..=3).contains(&parts.len()) && joined.chars().count() <= max_chars {
            out.push(Word {
                text: joined,
                joins: parts.len(),
            });
        }
    }
    out
}

/// Whether a word carries meaning in text: not a stop word, and either two or more
/// characters or a digit.
pub fn is_meaningful(word: &str) -> bool {
    !is_stop_word(word) && (word.chars().count() >= 2 || word.chars().all(|c| c.is_ascii_digit()))
}

/// The terms a field's text contributes to the index: each meaningful word (and compound)
/// with its stem, in order. The second value is the field's length in words for BM25.
pub fn index_terms(stemmer: &Stemmer, text: &str) -> (Vec<(String, String)>, usize) {
    let mut terms = Vec::new();
    let mut len = 0;
    for w in words(text, 40) {
        if w.joins == 1 {
            len += 1;
        }
        if is_meaningful(&w.text) {
            let s = stem(stemmer, &w.text);
            terms.push((w.text, s));
        }
    }
    (terms, len)
}

/// The text of each field of an entry, in the order of [`Field::ALL`].
#[allow(clippy::too_many_arguments)]
pub fn field_texts(
    title: &str,
    aliases: &[String],
    tags: &[String],
    summary: &str,
    problem: Option<&str>,
    statement: Option<&str>,
    why: Option<&str>,
    scenarios: &[String],
    body: &str,
) -> [String; FIELDS] {
    let statement = [problem, statement, why]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    [
        title.to_string(),
        aliases.join("\n"),
        tags.join("\n"),
        summary.to_string(),
        statement,
        scenarios.join("\n"),
        body.to_string(),
    ]
}

/// The most characters a name word keeps.
pub const NAME_WORD_CHARS: usize = 48;

/// An entry's names prepared for matching, as two strings (so that `build.rs` can compile
/// them in as static text): each name's plain words, normalised with number words as digits,
/// separated by spaces, one name (title first, then each alias) per line; and each name's
/// words joined, without a leading "the", one per line, then the title's initials when the
/// title has two or more words.
pub fn name_parts(title: &str, aliases: &[String]) -> (String, String) {
    let plain = |text: &str| -> Vec<String> {
        words(text, NAME_WORD_CHARS)
            .into_iter()
            .filter(|w| w.joins == 1)
            .map(|w| w.text)
            .collect()
    };
    let mut all: Vec<Vec<String>> = Vec::with_capacity(1 + aliases.len());
    all.push(plain(title));
    for a in aliases {
        all.push(plain(a));
    }
    let mut compact: Vec<String> = all
        .iter()
        .map(|ws| {
            let skip = usize::from(ws.len() > 1 && ws[0] == "the");
            ws[skip..].concat()
        })
        .collect();
    let title = &all[0];
    if title.len() > 1 {
        let initials: String = title
            .iter()
            .filter(|w| *w != "the")
            .map(|w| {
                if w.chars().all(|c| c.is_ascii_digit()) {
                    w.clone()
                } else {
                    w.chars().take(1).collect()
                }
            })
            .collect();
        compact.push(initials);
    }
    let words: Vec<String> = all.iter().map(|ws| ws.join(" ")).collect();
    (words.join("\n"), compact.join("\n"))
}

/// Which of the letters a–z and the digits a word has, as it sounds (k as c, z as s), one bit
/// each: a cheap first test for typo corrections (see `typo.rs`), compiled in for the built-in
/// vocabulary.
pub fn sound_mask(word: &str) -> u64 {
    word.chars()
        .filter_map(sound_slot)
        .fold(0u64, |m, i| m | 1 << i)
}

/// The slot of a letter a–z or a digit as it sounds (k as c, z as s): 0–25 for letters,
/// 26–35 for digits; `None` for anything else.
pub fn sound_slot(c: char) -> Option<usize> {
    match c {
        'k' => Some('c' as usize - 'a' as usize),
        'z' => Some('s' as usize - 'a' as usize),
        'a'..='z' => Some(c as usize - 'a' as usize),
        '0'..='9' => Some(26 + c as usize - '0' as usize),
        _ => None,
    }
}
