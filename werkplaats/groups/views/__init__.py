"""Views of the groups app, split by area so two people can work on them at once.

- public.py: the public group pages (/groepen/) and join requests.
- manage.py: members, leaving, learning questions and settings of a group (/mijn/groepen/…).
- workspace.py: the private workspace content (stream, threads, files, meetings, actions).
"""
