"""Reading preferences: text size (A- A A+) and high contrast, as Vietnamese portals offer.

They live in one small, non-personal cookie so that they work without JavaScript (a plain link to
`cms:display` sets it and sends the reader back) and are remembered across visits.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "display"
COOKIE_MAX_AGE = 365 * 24 * 3600
FONT_STEPS = (-1, 0, 1, 2)
FONT_STEP_NAMES = {-1: "small", 0: "normal", 1: "large", 2: "larger"}


@dataclass(frozen=True)
class DisplayPreferences:
    font_step: int = 0
    high_contrast: bool = False

    @classmethod
    def from_cookie(cls, raw: str | None) -> DisplayPreferences:
        """Parse `"<step>:<0|1>"`; anything else is the default, never an error."""
        try:
            step_text, contrast_text = (raw or "").split(":", 1)
            step = int(step_text)
        except ValueError:
            return cls()
        if step not in FONT_STEPS or contrast_text not in {"0", "1"}:
            return cls()
        return cls(font_step=step, high_contrast=contrast_text == "1")

    @classmethod
    def from_request(cls, request: HttpRequest) -> DisplayPreferences:
        return cls.from_cookie(request.COOKIES.get(COOKIE_NAME))

    def apply(self, action: str) -> DisplayPreferences:
        if action == "smaller":
            return DisplayPreferences(max(self.font_step - 1, FONT_STEPS[0]), self.high_contrast)
        if action == "larger":
            return DisplayPreferences(min(self.font_step + 1, FONT_STEPS[-1]), self.high_contrast)
        if action == "normal":
            return DisplayPreferences(0, self.high_contrast)
        if action == "contrast":
            return DisplayPreferences(self.font_step, not self.high_contrast)
        return self

    def to_cookie(self) -> str:
        return f"{self.font_step}:{int(self.high_contrast)}"

    def save(self, response: HttpResponse) -> None:
        # Not HttpOnly on purpose: the script that applies a change without reloading reads it.
        # It holds no personal data.
        response.set_cookie(
            COOKIE_NAME, self.to_cookie(), max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=False
        )

    @property
    def css_classes(self) -> str:
        classes = [f"text-{FONT_STEP_NAMES[self.font_step]}"]
        if self.high_contrast:
            classes.append("high-contrast")
        return " ".join(classes)
