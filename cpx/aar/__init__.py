"""After-action review: scoring, ratings, the report and its charts.

Pure functions of a journal (and the scenario it names); imports no Textual or Rich.
"""

from cpx.aar.results import objective_results
from cpx.aar.scorecard import ObjectiveScore, ScoreCard, score_journal, score_records

__all__ = ["ObjectiveScore", "ScoreCard", "objective_results", "score_journal", "score_records"]
