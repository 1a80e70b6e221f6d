"""The time-zone domain: plain Python, no Pyramid. Views translate HTTP to these calls."""
