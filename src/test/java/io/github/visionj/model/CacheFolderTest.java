package io.github.visionj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheFolderTest {

	@TempDir
	Path cache;

	private String before;

	@BeforeEach
	void isolateCache() {
		before = System.getProperty("visionj.cache");
		System.setProperty("visionj.cache", cache.toString());
	}

	@AfterEach
	void restoreCache() {
		if (before == null) System.clearProperty("visionj.cache");
		else System.setProperty("visionj.cache", before);
	}

	/**
	 * Two executor threads of a Spark job ran a model's first self-check at once: the second
	 * failed with "Directory not empty" when its folder was renamed onto the first's.
	 */
	@Test
	void aFolderFilledMeanwhileByAnotherThreadIsUsed() throws Exception {
		Path folder = CacheFolder.filled("kind", "source-1", mine -> {
			CacheFolder.filled("kind", "source-1", f -> Files.writeString(f.resolve("verdict"), "theirs"));
			Files.writeString(mine.resolve("verdict"), "ours");
		});
		assertEquals("theirs", Files.readString(folder.resolve("verdict")));
	}
}
