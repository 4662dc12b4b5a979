package io.github.visionj.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.BundledModels;

class ModelCacheTest {

	private final ModelCache cache = new ModelCache();

	@AfterEach
	void close() {
		cache.close();
	}

	@Test
	void aSecondGetReturnsTheLoadedModel() {
		LoadedModel first = cache.get("nuclei-broad");
		assertEquals("UNet 2D Nuclei Broad", first.description().name());
		assertSame(first, cache.get("nuclei-broad"));
		assertSame(first, cache.get(BundledModels.resolve("nuclei-broad").toString()));
	}

	@Test
	void changedWeightsAreReloadedAndTheOldNetworkClosed(@TempDir Path dir) throws IOException {
		Path folder = BundledModels.resolve("nuclei-broad");
		for (String f : new String[] { "bioimageio.yaml", "weights.pt" })
			Files.copy(folder.resolve(f), dir.resolve(f));
		LoadedModel first = cache.get(dir.toString());
		assertSame(first, cache.get(dir.toString()));
		Path weights = dir.resolve("weights.pt");
		Files.setLastModifiedTime(weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis() + 5000));
		LoadedModel second = cache.get(dir.toString());
		assertNotSame(first, second);
		assertThrows(IllegalStateException.class, () -> first.network().predict(FloatTensor.zeros(1, 1, 16, 16)));
		assertEquals(256, second.network().predict(FloatTensor.zeros(1, 1, 16, 16)).data().length);
	}

	@Test
	void closeClosesAndForgets() {
		LoadedModel first = cache.get("nuclei-broad");
		cache.close();
		assertThrows(IllegalStateException.class, () -> first.network().predict(FloatTensor.zeros(1, 1, 16, 16)));
		assertNotSame(first, cache.get("nuclei-broad"));
	}

	@Test
	void disposingTheContextClosesItsModels() {
		LoadedModel first;
		try (Context context = new Context(ModelCacheService.class)) {
			ModelCacheService models = context.service(ModelCacheService.class);
			first = models.get("nuclei-broad", null);
			assertSame(first, models.get("nuclei-broad", null));
		}
		assertThrows(IllegalStateException.class, () -> first.network().predict(FloatTensor.zeros(1, 1, 16, 16)));
	}
}
