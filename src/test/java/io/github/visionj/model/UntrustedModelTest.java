package io.github.visionj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.VisionJException;

/**
 * Models from strangers: a zip cannot fill the disk or leave half-unpacked folders behind, a
 * description cannot name files outside its folder, and a local folder cannot stand in for a
 * bundled model.
 */
class UntrustedModelTest {

	@TempDir
	Path dir;

	@TempDir
	Path cache;

	@BeforeEach
	void isolateCache() {
		System.setProperty("visionj.cache", cache.toString());
	}

	/** A zip of the minimal model plus the given extra entries (name, content). */
	private Path zip(String name, Object... extra) throws IOException {
		Path zip = dir.resolve(name);
		try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
			out.putNextEntry(new ZipEntry("rdf.yaml"));
			out.write(DescriptionErrorsTest.MINIMAL.getBytes());
			out.putNextEntry(new ZipEntry("weights.pt"));
			out.write("abc".getBytes());
			for (int i = 0; i < extra.length; i += 2) {
				out.putNextEntry(new ZipEntry((String) extra[i]));
				out.write((byte[]) extra[i + 1]);
			}
		}
		return zip;
	}

	private String error(Path model) {
		return assertThrows(VisionJException.class, () -> ModelDescription.load(model)).getMessage();
	}

	private List<Path> cached() throws IOException {
		if (!Files.isDirectory(cache.resolve("zips"))) return List.of();
		try (Stream<Path> files = Files.list(cache.resolve("zips"))) {
			return files.sorted().toList();
		}
	}

	@Test
	void aZipBombIsRefusedAndNothingIsLeftInTheCache() throws IOException {
		// 17 MiB of zeros deflate to about 17 KB: a ratio of about 1000
		Path zip = zip("bomb.zip", "zeros.bin", new byte[17 << 20]);
		assertEquals("The zip " + zip + " unpacks to more than 100 times its packed size at the entry zeros.bin; it may be " +
			"a zip bomb, so it was not unpacked: if you trust it, unpack it yourself and give the folder.", error(zip));
		assertEquals(List.of(), cached());
	}

	private static byte[] random(int n) {
		byte[] bytes = new byte[n];
		new Random(n).nextBytes(bytes);
		return bytes;
	}

	private String unpackError(Path zip, ModelZip.Limits limits) {
		Path folder = dir.resolve("unpacked");
		return assertThrows(VisionJException.class, () -> ModelZip.unpack(zip, folder, limits)).getMessage();
	}

	@Test
	void theTotalSizeIsBounded() throws IOException {
		// random bytes do not pack: only the total stops them
		Path zip = zip("big.zip", "a.bin", random(1 << 20), "b.bin", random(3 << 19));
		assertEquals("The zip " + zip + " unpacks to more than 2 MB, the most VisionJ unpacks; if you trust it, unpack " +
			"it yourself and give the folder.", unpackError(zip, new ModelZip.Limits(2 << 20, 10, 100, 1 << 10)));
	}

	@Test
	void theNumberOfEntriesIsBounded() throws IOException {
		Path zip = zip("many.zip", "a.txt", new byte[1]);
		assertEquals("The zip " + zip + " has 3 entries, more than the 2 VisionJ unpacks; if you trust it, unpack it " +
			"yourself and give the folder.", unpackError(zip, new ModelZip.Limits(1 << 20, 2, 100, 1 << 10)));
	}

	@Test
	void manySmallBombsAreOneBomb() throws IOException {
		Object[] entries = new Object[80];
		for (int i = 0; i < entries.length; i += 2) {
			entries[i] = "zeros" + i + ".bin";
			entries[i + 1] = new byte[32 << 10];
		}
		// each entry stays below the 64 KB from which an entry's ratio counts; the second takes the zip past them
		Path zip = zip("bombs.zip", entries);
		assertEquals("The zip " + zip + " unpacks to more than 100 times its packed size at the entry zeros2.bin; it may " +
			"be a zip bomb, so it was not unpacked: if you trust it, unpack it yourself and give the folder.",
			unpackError(zip, new ModelZip.Limits(1 << 30, 100, 100, 64 << 10)));
	}

	@Test
	void anEmptyZipIsNamed() throws IOException {
		Path zip = dir.resolve("empty.zip");
		new ZipOutputStream(Files.newOutputStream(zip)).close();
		assertEquals("The zip " + zip + " is empty; download the model again.", error(zip));
	}

	@Test
	void aFolderInTheSharedTemporaryFolderIsUsedOnlyWhenItIsPrivate() throws IOException {
		assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "owner-only needs POSIX permissions");
		Path made = CacheFolder.privateFolder(dir.resolve("new"));
		assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(made));

		Path open = Files.createDirectory(dir.resolve("open"), PosixFilePermissions.asFileAttribute(
			PosixFilePermissions.fromString("rwxrwxrwx")));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertEquals("The cache folder " + open + " may be opened by other users, so what it holds cannot be trusted; " +
			"delete it, or start with -Dvisionj.cache set to a folder of your own.",
			assertThrows(VisionJException.class, () -> CacheFolder.privateFolder(open)).getMessage());

		Path link = Files.createSymbolicLink(dir.resolve("link"), made);
		assertEquals("The cache folder " + link + " is not a folder, so what it holds cannot be trusted; delete it, or " +
			"start with -Dvisionj.cache set to a folder of your own.",
			assertThrows(VisionJException.class, () -> CacheFolder.privateFolder(link)).getMessage());
	}

	@Test
	void aFolderThatAnotherUserCreatedFirstIsRefused() throws IOException {
		Path planted = Files.createDirectory(dir.resolve("planted"), PosixFilePermissions.asFileAttribute(
			PosixFilePermissions.fromString("rwx------")));
		UserPrincipal nobody;
		try {
			nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
			Files.setOwner(planted, nobody);
		}
		catch (IOException | UnsupportedOperationException e) {
			assumeTrue(false, "only an administrator can give a folder to another user: " + e);
			return;
		}
		assertEquals("The cache folder " + planted + " belongs to " + nobody.getName() + ", so what it holds cannot be " +
			"trusted; delete it, or start with -Dvisionj.cache set to a folder of your own.",
			assertThrows(VisionJException.class, () -> CacheFolder.privateFolder(planted)).getMessage());
	}

	@Test
	void aFileOfRandomBytesIsNotAZip() throws IOException {
		Path zip = dir.resolve("model.zip");
		Files.write(zip, random(1000));
		assertEquals("The file " + zip + " is not a readable zip (zip END header not found); download the model again.",
			error(zip));
	}

	@Test
	void aDuplicateEntryIsNamed() throws IOException {
		Path zip = dir.resolve("twice.zip");
		// ZipOutputStream refuses duplicates: write two zips' worth of entries under different names, then rename one
		Path other = zip("other.zip", "weightsXpt", "abd".getBytes());
		byte[] bytes = Files.readAllBytes(other);
		String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("weightsXpt", "weights.pt");
		Files.write(zip, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		assertEquals("The zip " + zip + " holds weights.pt twice (or two entries that unpack to the same file); it is not " +
			"a valid model zip: zip the model folder again.", error(zip));
		assertEquals(List.of(), cached());
	}

	@Test
	void staleHalfUnpackedFoldersAreRemoved() throws IOException {
		Path stale = Files.createDirectories(cache.resolve("zips/big-1234.part5678/sub"));
		Files.write(stale.resolve("weights.pt"), new byte[10]);
		FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
		for (Path p : List.of(stale.resolve("weights.pt"), stale, stale.getParent()))
			Files.setLastModifiedTime(p, old);
		Path fresh = Files.createDirectories(cache.resolve("zips/other-1234.part999"));
		ModelDescription.load(zip("model.zip"));
		assertFalse(Files.exists(stale.getParent()), "stale");
		assertTrue(Files.exists(fresh), "another process may still be unpacking into it");
	}

	@Test
	void olderVersionsOfAZipAreRemovedFromTheCache() throws IOException {
		Path zip = zip("model.zip");
		Path first = ModelDescription.load(zip).folder();
		Files.setLastModifiedTime(first, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
		Files.setLastModifiedTime(zip, FileTime.from(Instant.now().plusSeconds(10)));
		Path second = ModelDescription.load(zip).folder();
		assertFalse(first.equals(second));
		assertEquals(List.of(second), cached());
	}

	@Test
	void weightsOutsideTheModelFolderAreRefused() throws IOException {
		Path model = Files.createDirectories(dir.resolve("model"));
		for (String source : List.of("/etc/passwd", "../weights.pt", "sub/../../weights.pt")) {
			Files.writeString(dir.resolve("weights.pt"), "abc");
			Files.writeString(model.resolve("rdf.yaml"), DescriptionErrorsTest.MINIMAL.replace("source: weights.pt",
				"source: " + source));
			assertEquals("In the model description " + model.resolve("rdf.yaml") + ", weights.torchscript.source must be a " +
				"file inside the model folder, not '" + source + "'; fix the description.", error(model));
		}
	}

	@Test
	void testTensorsOutsideTheModelFolderAreRefused() throws IOException {
		Path model = Files.createDirectories(dir.resolve("model"));
		Files.writeString(model.resolve("weights.pt"), "abc");
		Files.writeString(model.resolve("rdf.yaml"), DescriptionErrorsTest.MINIMAL.replace("source: in.npy",
			"source: /etc/passwd"));
		assertEquals("In the model description " + model.resolve("rdf.yaml") + ", inputs[0].test_tensor.source must be a " +
			"file inside the model folder, not '/etc/passwd'; fix the description.", error(model));
	}

	@Test
	void aHugeDescriptionIsRefusedBeforeItIsRead() throws IOException {
		Path yaml = dir.resolve("rdf.yaml");
		// valid YAML: SnakeYAML would parse 3 MB of it before its own limit stops it
		Files.writeString(yaml, "# a comment line, 32 characters\n".repeat(4 << 15));
		assertEquals("The model description " + yaml + " is 4 MB, more than the 3 MB a description may have; give the " +
			"description of a bioimage.io model.", error(yaml));
	}

	@Test
	void aBundledIdIsNotShadowedByAFolderOfTheSameName() throws IOException {
		String id = BundledModels.ids().get(0);
		Path planted = Path.of(id);
		assertFalse(Files.exists(planted), "the working folder already holds " + planted);
		try {
			Files.createDirectories(planted);
			Files.writeString(planted.resolve("rdf.yaml"), "name: planted");
			assertFalse(BundledModels.resolve(id).equals(planted));
			assertEquals(Path.of("." + planted.getFileSystem().getSeparator() + id),
				BundledModels.resolve("." + planted.getFileSystem().getSeparator() + id));
		}
		finally {
			Files.deleteIfExists(planted.resolve("rdf.yaml"));
			Files.deleteIfExists(planted);
		}
	}
}
