"""Read Chinese budget-performance self-evaluation reports into checked, structured JSON.

Library first: `extractor.pipeline.extract_file(path)` returns a validated `Record`;
the `extractor` command is a thin layer over it.
"""

__version__ = "0.1.0"
