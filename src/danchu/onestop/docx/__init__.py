"""Word templates of the one-stop desk (docxtpl), built by ``build.py``; an agency may edit them
in Word as long as the ``{{ … }}`` and ``{%tr … %}`` / ``{%p … %}`` tags stay whole."""
