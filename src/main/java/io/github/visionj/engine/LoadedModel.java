package io.github.visionj.engine;

import io.github.visionj.model.ModelDescription;

/** A model description together with its network, ready to run. */
public record LoadedModel(ModelDescription description, TorchScriptModel network) {}
