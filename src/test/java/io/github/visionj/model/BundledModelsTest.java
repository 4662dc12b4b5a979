package io.github.visionj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.VisionJException;

class BundledModelsTest {

	@TempDir
	static Path cache;

	@BeforeAll
	static void isolateCache() {
		System.setProperty("visionj.cache", cache.toString());
	}

	/** The files of models/ that the pom ships: all but training/, __pycache__/ and *.log, and the index itself. */
	private static List<String> shippedFiles() throws IOException {
		Path models = Path.of("models");
		try (Stream<Path> files = Files.walk(models)) {
			return files.filter(Files::isRegularFile).map(p -> models.relativize(p).toString().replace('\\', '/'))
				.filter(p -> p.contains("/") && !p.startsWith("training/") && !p.contains("__pycache__/") && !p.endsWith(".log"))
				.sorted().toList();
		}
	}

	@Test
	void theIndexListsExactlyTheShippedFilesOfEveryModelFolder() throws IOException {
		List<String> shipped = shippedFiles();
		List<String> indexed = BundledModels.index(getClass().getClassLoader()).stream().sorted().toList();
		assertEquals(shipped, indexed, "models/index.txt is out of date; its lines should be:\n" + String.join("\n", shipped));
		// every listed model has a description, so every shipped model can be resolved
		for (String id : BundledModels.ids())
			ModelDescription.load(BundledModels.resolve(id));
	}

	@Test
	void idsComeFromTheIndex() {
		assertTrue(BundledModels.ids().contains("nuclei-broad"), BundledModels.ids().toString());
	}

	@Test
	void aBundledIdResolvesToItsFolder() {
		Path folder = BundledModels.resolve("nuclei-broad");
		assertTrue(Files.isRegularFile(folder.resolve("bioimageio.yaml")), folder.toString());
		assertTrue(folder.endsWith(Path.of("visionj", "models", "nuclei-broad")), folder.toString());
	}

	@Test
	void anExistingPathIsUsedAsItIs(@TempDir Path dir) {
		assertEquals(dir, BundledModels.resolve(dir.toString()));
	}

	@Test
	void anUnknownIdNamesTheBundledOnes() {
		VisionJException e = assertThrows(VisionJException.class, () -> BundledModels.resolve("x"));
		assertEquals("No model 'x': give a bundled model id (" + String.join(", ", BundledModels.ids()) +
			") or the path of a bioimage.io model folder or .zip.", e.getMessage());
	}

	@Test
	void aModelInsideAJarIsCopiedOnceIntoTheCache(@TempDir Path dir) throws IOException {
		Path jar = dir.resolve("models.jar");
		try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
			for (String[] entry : new String[][] { { "index.txt", "demo/rdf.yaml\ndemo/sub/notes.txt\n" },
				{ "demo/rdf.yaml", "name: demo\n" }, { "demo/sub/notes.txt", "notes" } })
			{
				out.putNextEntry(new ZipEntry(BundledModels.ROOT + entry[0]));
				out.write(entry[1].getBytes());
			}
		}
		try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
			assertEquals(List.of("demo"), BundledModels.ids(loader));
			Path folder = BundledModels.resolve("demo", loader);
			assertTrue(folder.startsWith(cache.resolve("models")), folder.toString());
			assertEquals("name: demo\n", Files.readString(folder.resolve("rdf.yaml")));
			assertEquals("notes", Files.readString(folder.resolve("sub/notes.txt")));
			Files.writeString(folder.resolve("marker"), "reused");
			assertEquals(folder, BundledModels.resolve("demo", loader));
		}
	}
}
