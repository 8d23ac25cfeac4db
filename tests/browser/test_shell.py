"""The app shell: language switch (Chinese by default), dark theme, phone layout, keyboard use, training entry."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.chromium import new_page, screenshot


def test_language_switch_persists(page: Any) -> None:
    page.goto("/#/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text("控制台")
    expect(page.get_by_test_id("nav-voice")).to_have_text("♪声音克隆")

    page.get_by_test_id("language-select").select_option("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.get_by_test_id("nav-video")).to_contain_text("Video")
    screenshot(page, "home-en")

    page.get_by_test_id("language-select").select_option("zh")
    expect(page.get_by_test_id("nav-video")).to_contain_text("视频生成")


def test_dark_theme_and_training_entry(page: Any) -> None:
    page.goto("/#/")
    page.get_by_test_id("theme-select").select_option("dark")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(246, 247, 251)", background  # the light theme's background

    training = page.get_by_test_id("nav-training")
    expect(training).to_contain_text("模型训练")
    training.click()
    expect(page.get_by_test_id("page-training")).to_be_visible()
    expect(page.get_by_test_id("dataset-upload")).to_be_visible()
    screenshot(page, "training-dark")


def test_keyboard_navigation(page: Any) -> None:
    page.goto("/#/")
    expect(page.get_by_test_id("services")).to_be_visible()
    page.bring_to_front()
    page.keyboard.press("Tab")
    skip = page.get_by_role("button", name="跳到主要内容")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # Tab from the top reaches the navigation links; Enter follows one.
    page.locator("body").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.dataset?.testid") == "nav-settings":
            break
    else:
        raise AssertionError("the Settings link was not reachable with Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("page-settings")).to_be_visible()


def test_phone_layout(browser: Any, spa: str, stack: Any) -> None:
    page = new_page(browser, spa, api_key=stack.api_key, viewport={"width": 390, "height": 844})
    try:
        page.goto("/#/")
        expect(page.get_by_test_id("services")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
        nav_box = page.locator("nav.sidenav").bounding_box()
        main_box = page.locator("main").bounding_box()
        assert nav_box and main_box and nav_box["y"] < main_box["y"], "navigation should sit above the content"
        screenshot(page, "home-phone")
    finally:
        page.context.close()


PAGES = ["", "voice", "video", "chat", "settings", "training"]


def test_every_page_in_english_dark_on_a_phone(browser: Any, spa: str, stack: Any) -> None:
    """Each page renders in English and the dark theme on a phone screen, with no sideways scrolling."""
    page = new_page(
        browser, spa, api_key=stack.api_key, language="en", theme="dark", viewport={"width": 390, "height": 844}
    )
    try:
        for name in PAGES:
            page.goto(f"/#/{name}")
            expect(page.locator("main h1").first).to_be_visible()
            expect(page.locator("html")).to_have_attribute("lang", "en")
            expect(page.get_by_test_id("error")).to_have_count(0)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"#/{name} scrolls sideways on a phone ({width}px)"
            screenshot(page, f"phone-dark-en-{name or 'home'}")
        assert not page.console_errors, page.console_errors
    finally:
        page.context.close()
