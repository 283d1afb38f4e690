"""The one visual design: tokens (colours in AAA pairs, type scale, spacing) and the Qt style
sheet built from them. The self-service screens use it first; the back office's CSS follows
the same tokens (resources/backoffice)."""
