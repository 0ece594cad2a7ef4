"""The consultations service every feature shares: finding a consultation by id. It depends on nothing but the models,
so analysis, reports, the builder and consultation management can all use it without importing each other.
Creating and moving a consultation through its lifecycle is consultation management (``app.officers.consultations``)."""
