//! What extraction finds: participants and their statements.

use crate::Span;

/// What kind of entity a participant is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParticipantKind {
    /// A person.
    Person,
    /// A company, ministry, party, agency or other body.
    Organization,
    /// A country.
    Country,
    /// A place that is not a country: a city, region, landmark.
    Location,
    /// A group of people that is no organization ("protesters").
    Group,
    /// A building, hospital, airport, stadium, bridge or street, named as
    /// such ("Walter Reed National Military Medical Center", "Heathrow
    /// Airport"). Seats of government that stand for the government ("White
    /// House", "Downing Street", "Kremlin") are organizations.
    Facility,
}

/// The part a participant plays in the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParticipantRole {
    /// Has at least one statement attributed to it.
    Speaker,
    /// Credited as author.
    Author,
    /// Credited as reporter.
    Reporter,
    /// Credited for a photo.
    Photographer,
    /// Credited as editor.
    Editor,
    /// Credited as contributor.
    Contributor,
}

/// How a mention refers to its participant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// A name: "Wang Yi", "Wang", "Xinhua".
    Name,
    /// A common-noun phrase: "the foreign minister".
    Nominal,
    /// A pronoun: "he", "they".
    Pronoun,
    /// A demonym or possessive of a country: "Chinese", "India's".
    Demonym,
}

/// One place in the text that refers to a participant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Where the mention stands.
    pub span: Span,
    /// How it refers.
    pub kind: MentionKind,
}

/// Someone or something the article is about, or credits.
#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    /// Identifier, unique within the article's analysis ("p1").
    pub id: String,
    /// What kind of entity this is.
    pub kind: ParticipantKind,
    /// The fullest name the article uses ("Wang Yi").
    pub name: String,
    /// The other names the article uses for it, each once, in order of
    /// first use ("Boeing" beside "Boeing Co.", "UAB" beside "United Asian
    /// Bank Bhd", "Wang" beside "Wang Yi").
    pub aliases: Vec<String>,
    /// Titles and offices, as written ("Foreign Minister").
    pub titles: Vec<String>,
    /// ISO 3166-1 alpha-2 code: a country's own, a person's or body's
    /// nationality.
    pub country_code: Option<String>,
    /// How central the participant is to the story, from 0 to 1. Zero for
    /// credited staff.
    pub salience: f32,
    /// Parts the participant plays.
    pub roles: Vec<ParticipantRole>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// Whether a statement is quoted, reported, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatementKind {
    /// Within quotation marks.
    Direct,
    /// Reported speech, no quotation marks.
    Indirect,
    /// Reported speech with a quoted part.
    Mixed,
}

/// How a statement came to be attributed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attribution {
    /// A cue next to the content names or implies the source.
    Cue,
    /// A quoted paragraph with no attribution of its own, after a paragraph
    /// quoting an attributed speaker: the same speaker goes on.
    Continued,
    /// A quotation nobody is named for.
    None,
}

/// The words that mark an attribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// Where the cue stands ("said", "according to", "told reporters").
    pub span: Span,
    /// Its base form ("say", "according to", "tell").
    pub lemma: String,
}

/// Something a source said, wrote or believes.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Identifier, unique within the article's analysis ("s1").
    pub id: String,
    /// The participant the speaker mention refers to, when resolved.
    pub speaker_id: Option<String>,
    /// The local source mention ("Wang", "he", "the ministry"); `None` when
    /// the text names no source.
    pub speaker: Option<Span>,
    /// The cue, when there is one.
    pub cue: Option<Cue>,
    /// What was said: one span, or several when a quote is split.
    pub content: Vec<Span>,
    /// Direct, indirect or mixed.
    pub kind: StatementKind,
    /// When it was made, as the text dates it next to the cue ("said
    /// Monday"), resolved against the dateline or publication date.
    pub date: Option<crate::When>,
    /// How sure the stage is, in [0, 1], that this is a statement (speech
    /// or a stated position) and that `speaker_id` is right (or rightly
    /// empty for an unnamed source).
    pub confidence: f32,
    /// How the statement was attributed.
    pub attribution: Attribution,
}

/// Participants and statements of one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extraction {
    /// Participants, most salient first; credited staff last.
    pub participants: Vec<Participant>,
    /// Statements in text order.
    pub statements: Vec<Statement>,
    /// What the caller should know about what was not looked for.
    pub notices: Vec<Notice>,
}

/// Something a caller should know about an analysis that is not an error:
/// a part of it that was skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notice {
    /// Participants and statements were not looked for: the article is in
    /// this language (BCP-47), and the models know English only.
    LanguageNotSupported(String),
    /// The document's text was a web page, so it was parsed as HTML:
    /// [`Article::text`](crate::Article::text) is the text extracted from
    /// it, not the text sent.
    TextIsHtml,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::LanguageNotSupported(code) => write!(
                f,
                "participants and statements are found in English only; the article is in {code:?}"
            ),
            Notice::TextIsHtml => f.write_str(
                "document.text is a web page, so it was parsed as HTML: article.text is the text extracted from it, \
                 and the spans point into that (send pages as document.html)",
            ),
        }
    }
}

impl Extraction {
    /// Drops the statements whose confidence is below `min_confidence`.
    pub fn retain_confident(&mut self, min_confidence: f32) {
        self.statements.retain(|s| s.confidence >= min_confidence);
    }

    /// The participant with this id.
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }
}
