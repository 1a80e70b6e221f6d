"""Test support code: helpers that tests, bench/ and reliability/ may import."""
