"""Optional machine-voice previews of loudspeaker scripts (`build --audio`).

An announcer can listen to how a bulletin sounds before reading it. The voice is
espeak-ng's Vietnamese voice — clearly a machine, and labelled so on the page. It
only runs where espeak-ng is installed; Opus (through opusenc) keeps each file to a
few hundred kilobytes, otherwise the WAV is published as it is.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class AudioTools:
    espeak: str
    opusenc: str | None

    @property
    def suffix(self) -> str:
        return ".opus" if self.opusenc else ".wav"


def find_audio_tools() -> AudioTools | None:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        return None
    return AudioTools(espeak, shutil.which("opusenc"))


def render_speech(text: str, words_per_minute: int, tools: AudioTools) -> bytes:
    """Speak `text` with the Vietnamese voice; the same text gives the same bytes."""
    # espeak's rate is in words per minute of its own measure; Vietnamese syllables
    # map to its words closely enough for a preview.
    wav = subprocess.run(
        [tools.espeak, "-v", "vi", "-s", str(max(80, min(words_per_minute, 400))), "--stdout"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=300,
    ).stdout
    if tools.opusenc is None:
        return wav
    return subprocess.run(
        # A fixed serial number and no encoder comment keep the file reproducible.
        [tools.opusenc, "--quiet", "--bitrate", "16", "--serial", "1", "--discard-comments", "-", "-"],
        input=wav,
        capture_output=True,
        check=True,
        timeout=300,
    ).stdout
