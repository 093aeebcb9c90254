//! Hand-written crate root of the DigitalOcean client.
