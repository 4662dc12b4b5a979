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

import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.BundledModels;

class ModelCacheTest {

	@AfterEach
	void clear() {
		ModelCache.clear();
	}

	@Test
	void aSecondGetReturnsTheLoadedModel() {
		LoadedModel first = ModelCache.get("nuclei-broad");
		assertEquals("UNet 2D Nuclei Broad", first.description().name());
		assertSame(first, ModelCache.get("nuclei-broad"));
		assertSame(first, ModelCache.get(BundledModels.resolve("nuclei-broad").toString()));
	}

	@Test
	void changedWeightsAreReloadedAndTheOldNetworkClosed(@TempDir Path dir) throws IOException {
		Path folder = BundledModels.resolve("nuclei-broad");
		for (String f : new String[] { "bioimageio.yaml", "weights.pt" })
			Files.copy(folder.resolve(f), dir.resolve(f));
		LoadedModel first = ModelCache.get(dir.toString());
		assertSame(first, ModelCache.get(dir.toString()));
		Path weights = dir.resolve("weights.pt");
		Files.setLastModifiedTime(weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis() + 5000));
		LoadedModel second = ModelCache.get(dir.toString());
		assertNotSame(first, second);
		assertThrows(IllegalStateException.class, () -> first.network().predict(FloatTensor.zeros(1, 1, 16, 16)));
		assertEquals(256, second.network().predict(FloatTensor.zeros(1, 1, 16, 16)).data().length);
	}

	@Test
	void clearClosesAndForgets() {
		LoadedModel first = ModelCache.get("nuclei-broad");
		ModelCache.clear();
		assertThrows(IllegalStateException.class, () -> first.network().predict(FloatTensor.zeros(1, 1, 16, 16)));
		assertNotSame(first, ModelCache.get("nuclei-broad"));
	}
}
