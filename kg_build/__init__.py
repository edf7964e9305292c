"""coopkg: a knowledge graph of Guangdong–Hong Kong cooperation (粵港合作)."""

__version__ = "0.1.0"
