"""Points in a group session, like the classroom quiz games people know.

* A correct answer (verdict ``correct`` or ``close``) scores between 500 and 1000 points by
  speed: 1000 when answered at once, falling linearly to 500 at the end of the time limit.
* A ``partial`` answer scores the same speed points times the grade's score (a half-right
  list answered at once: 500).
* A wrong answer or no answer scores 0.
* Streak bonus: the 2nd correct answer in a row earns +100, the 3rd +200, … at most +500.
  A partial, wrong or missing answer ends the streak.

The server measures ``elapsed`` on its own clock, from sending the question to receiving the
answer; the client's clock is never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_CORRECT_POINTS = 500
MAX_POINTS = 1000
STREAK_STEP = 100
MAX_STREAK_BONUS = 500


@dataclass(frozen=True)
class Points:
    """The points of one answer.

    Attributes:
        base: speed points (times the score for a partial answer).
        streak_bonus: the streak bonus.
        streak: the number of correct answers in a row including this one (0 if not correct).
    """

    base: int
    streak_bonus: int
    streak: int

    @property
    def total(self) -> int:
        """Base plus bonus."""
        return self.base + self.streak_bonus


def speed_points(elapsed_s: float, time_limit_s: float) -> int:
    """Points for a correct answer given after ``elapsed_s`` of ``time_limit_s``.

    Returns:
        1000 at once, 500 at (or after) the limit, linear in between.
    """
    if time_limit_s <= 0:
        return MAX_POINTS
    fraction = min(max(elapsed_s / time_limit_s, 0.0), 1.0)
    span = MAX_POINTS - MIN_CORRECT_POINTS
    return round(MAX_POINTS - span * fraction)


def streak_bonus(streak: int) -> int:
    """The bonus for the ``streak``-th correct answer in a row (+100 from the 2nd, at most 500)."""
    return min(max(streak - 1, 0) * STREAK_STEP, MAX_STREAK_BONUS)


def score_answer(
    verdict: str, score: float, elapsed_s: float, time_limit_s: float, previous_streak: int
) -> Points:
    """The points of one answer.

    Args:
        verdict: the grade's verdict (``correct | close | partial | wrong``, or ``none`` for no
            answer).
        score: the grade's score in [0, 1].
        elapsed_s: seconds from the question to the answer, on the server's clock.
        time_limit_s: the question's time limit.
        previous_streak: correct answers in a row before this one.

    Returns:
        The points and the new streak.
    """
    if verdict in ("correct", "close"):
        streak = previous_streak + 1
        return Points(speed_points(elapsed_s, time_limit_s), streak_bonus(streak), streak)
    if verdict == "partial":
        fraction = min(max(float(score), 0.0), 1.0)
        return Points(round(speed_points(elapsed_s, time_limit_s) * fraction), 0, 0)
    return Points(0, 0, 0)
