"""Data safety under real concurrent processes and ``kill -9`` (most tests are ``slow``)."""
