"""The `scale` marker: tests that fill a generated company (slow: minutes, not seconds)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "scale: fills a generated company (fieldsales generate); minutes, not seconds"
    )
