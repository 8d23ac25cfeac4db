"""Live avatar sessions over WebRTC: ``registry`` (limits, lookup), ``session`` (the peer and its tasks), ``media``
(the sample clock and the outgoing tracks), ``listen`` (the microphone turn), ``turns`` (replies through chat)."""
