"""The catalogue of lint rules: code, family, a one-line rationale and a fix hint each. The
teacher's guide has a section per code (tests/lint/test_guide.py holds it to that)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    family: str
    title: str
    rationale: str
    hint: str


_CATALOGUE = (
    Rule(
        "Q001",
        "settings",
        "silenced without a reason",
        "A silenced rule with no reason cannot be reviewed later.",
        'add `because: "..."` next to `ignore` in the question\'s `lint` field',
    ),
    Rule(
        "Q002",
        "settings",
        "unknown rule silenced",
        "A misspelt code silences nothing and hides the mistake.",
        "use a code from this guide",
    ),
    Rule(
        "Q101",
        "grading",
        "typo tolerance accepts another word",
        "With `typos` above 0 a learner who types a different real word can be marked right.",
        "lower `typos`, or list the spelling variants you accept instead",
    ),
    Rule(
        "Q102",
        "grading",
        "accepted answer is a wrong option elsewhere",
        "The deck calls the same text right here and wrong in another question.",
        "make the two questions agree, or make the answers more precise",
    ),
    Rule(
        "Q103",
        "grading",
        "a symbol the matcher ignores",
        "Typed answers are compared without most symbols, so the answer without it is accepted.",
        "write the symbol out in words, or accept only what the letters say",
    ),
    Rule(
        "Q104",
        "grading",
        "abbreviation or expansion not accepted",
        "The deck uses both forms of the name, so a learner may type either.",
        "add the other form to the accepted answers",
    ),
    Rule(
        "Q201",
        "cues",
        "the correct option is in the same place",
        "With shuffling off, a learner can guess by position.",
        "move the correct options around: first, middle and last about equally",
    ),
    Rule(
        "Q202",
        "cues",
        "the correct option is the longest",
        "Test-wise learners pick the longest option; chance is one in the number of options.",
        "shorten the correct option or lengthen the others with real content",
    ),
    Rule(
        "Q203",
        "cues",
        "true/false answers unbalanced",
        "When most statements are false, answering 'false' scores well without reading.",
        "bring true and false statements near half each",
    ),
    Rule(
        "Q204",
        "cues",
        "absolute word in a true/false statement",
        "'Always', 'never', 'solely', 'entirely' mark a statement as false to test-wise learners.",
        "state the specific claim that is wrong instead of an absolute",
    ),
    Rule(
        "Q205",
        "cues",
        "negative stem without emphasis",
        "A 'not' or 'except' read past turns the question upside down.",
        "write the negative word in bold or capitals (**not**, NOT), or ask positively",
    ),
    Rule(
        "Q206",
        "cues",
        "all or none of the above",
        "These options reward partial knowledge and break when options are shuffled.",
        "use a multiple-choice question instead",
    ),
    Rule(
        "Q207",
        "cues",
        "an option unlike the others",
        "An option much longer, shorter or of another grammatical form than the rest stands out.",
        "write all options in the same form and of similar length",
    ),
    Rule(
        "Q208",
        "cues",
        "ordering items carry their order",
        "Years or numbers in the items give the order away.",
        "leave the years out of the items, or ask for the years themselves",
    ),
    Rule(
        "Q301",
        "redundancy",
        "near-duplicate prompt",
        "Two questions that ask the same thing waste study time and skew the scores.",
        "merge them, or make each ask something the other does not",
    ),
    Rule(
        "Q302",
        "redundancy",
        "one fact tested too often",
        "Testing one answer many times leaves other points of the text untested.",
        "keep the best questions on this fact and use the others for untested points",
    ),
    Rule(
        "Q303",
        "redundancy",
        "gives away another question's answer",
        "A learner who meets this question first finds the other one answered.",
        "reword the prompt or options so they do not show that answer",
    ),
    Rule(
        "Q401",
        "teaching",
        "explanation restates the answer",
        "An explanation should teach why, not repeat what was asked and answered.",
        "say why the answer is right, or what it connects to",
    ),
    Rule(
        "Q402",
        "teaching",
        "the same feedback everywhere",
        "Feedback written from one template tells the learner nothing about the option picked.",
        "say why each wrong option is wrong",
    ),
    Rule(
        "Q403",
        "teaching",
        "feedback only says the text does not mention it",
        "'The text does not mention X' does not tell a learner why X is wrong.",
        "say what the text does say instead, and why a reader might have picked the option",
    ),
    Rule(
        "Q501",
        "source",
        "copies the source",
        "Eight or more consecutive words of the document are a quotation, not a question.",
        "say it in your own words",
    ),
    Rule(
        "Q502",
        "source",
        "cites the wrong section",
        "The question's key terms are not in the section it cites but are in another.",
        "set `source` to the suggested section, or split the question",
    ),
    Rule(
        "Q503",
        "source",
        "section no question cites",
        "A part of the text with no question is never studied.",
        "write at least one question on it, or remove the section",
    ),
    Rule(
        "Q504",
        "source",
        "cites text outside the document",
        "Comments, link lists and other page furniture are not part of the text being taught.",
        "remove the question or point it at the text itself",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _CATALOGUE}
