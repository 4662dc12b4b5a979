package io.github.visionj.engine;

import io.github.visionj.model.ModelDescription;

/** A model description together with the network of its chosen weights, ready to run. */
public record LoadedModel(ModelDescription description, Network network) {}
