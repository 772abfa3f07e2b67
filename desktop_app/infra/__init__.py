"""Platform services every layer may use: asset paths, clinic config, logging, recovery.

Nothing here imports the model, diagram, ui or export packages."""
