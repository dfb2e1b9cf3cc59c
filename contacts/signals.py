"""What the contacts app tells the apps built on it, which it does not know (releases -> contacts).

`reach_lost` is sent when a person is saved in the admin so that journalists can no longer reach
them (`Contact.is_reachable` went from true to false), inside the save's transaction:
`sender=Contact`, `contact`, `actor`. A receiver returns the lines whoever made the change must
read (the admin shows them as warnings), or nothing. The releases app flags the releases that
will go public naming that person as their press contact (releases/services/press_contacts.py).
"""

from django.dispatch import Signal

reach_lost = Signal()
