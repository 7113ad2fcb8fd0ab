"""The outgoing mail queue: every email is stored before it is sent, and sent by the worker.

Django's `EMAIL_BACKEND` is `backend.QueuedEmailBackend` (with `EMAIL_QUEUE` on, the default
outside the tests), so allauth's mails, alerts, invitations and anything calling `send_mail`
go through it unchanged. The caller's transaction stores an `OutgoingMessage` (the full MIME
bytes); once it commits, the worker's `tasks.send_message` hands those bytes to the transport
(`EMAIL_TRANSPORT`: smtp, console, file or locmem), marks the message sent, or tries again
later while the server is down (`delivery`). `tasks.send_due`, every two minutes, sends what
fell through the cracks. Administrators see what waits and what failed under Settings →
Outgoing mail (`views`).
"""
