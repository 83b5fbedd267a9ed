"""Which arrangement the projector picks, from the screens' rectangles alone."""

from ui.projector.screens import EXTENDED, MIRRORED, ONE, arrangement

LAPTOP = (0, 0, 1366, 768)


def test_one_screen():
    assert arrangement(LAPTOP, []) == (ONE, None)


def test_a_mirrored_screen_has_the_same_geometry():
    assert arrangement(LAPTOP, [(0, 0, 1366, 768)]) == (MIRRORED, None)


def test_an_overlapping_screen_is_treated_as_a_mirror():
    assert arrangement(LAPTOP, [(0, 0, 1024, 768)]) == (MIRRORED, None)


def test_an_extended_screen_beside_or_above_is_the_projector():
    assert arrangement(LAPTOP, [(1366, 0, 1920, 1080)]) == (EXTENDED, 0)
    assert arrangement(LAPTOP, [(0, -1080, 1920, 1080)]) == (EXTENDED, 0)
    assert arrangement((1920, 0, 1366, 768), [(1920, 0, 1366, 768), (0, 0, 1920, 1080)]) == (EXTENDED, 1)
