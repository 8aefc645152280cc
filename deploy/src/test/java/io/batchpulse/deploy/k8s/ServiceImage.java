package io.batchpulse.deploy.k8s;

import io.batchpulse.events.json.EventJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;

/**
 * A service's image as Jib wrote it: an OCI image layout in a tarball. Read the way a runtime
 * would, from {@code index.json} through the manifest to the config and the layers, each blob
 * checked against its digest; {@code files} is the container's file system with later layers
 * over earlier ones. Small text files under /app (Jib's classpath and main-class files, the
 * resources) keep their content.
 */
record ServiceImage(String reference, JsonNode config, Map<String, LayerFile> files) {

    private static final int KEPT_CONTENT_BYTES = 64 * 1024;

    record LayerFile(String path, int mode, long userId, boolean directory, byte[] content) {

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    static ServiceImage read(Path tarball) throws IOException {
        Map<String, byte[]> documents = new HashMap<>();
        Map<String, List<LayerFile>> layers = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                if (!entry.getName().startsWith("blobs/sha256/")) {
                    documents.put(entry.getName(), tar.readAllBytes());
                    continue;
                }
                String digest = "sha256:" + entry.getName().substring("blobs/sha256/".length());
                MessageDigest sha256 = sha256();
                // read to the entry's end and never closed: closing would close the tarball
                BufferedInputStream blob = new BufferedInputStream(new DigestInputStream(tar, sha256));
                if (gzipped(blob)) {
                    layers.put(digest, layerFiles(blob));
                } else {
                    documents.put(digest, blob.readAllBytes());
                }
                blob.transferTo(OutputStream.nullOutputStream());
                String actual = "sha256:" + HexFormat.of().formatHex(sha256.digest());
                if (!actual.equals(digest)) {
                    throw new IllegalStateException(tarball + ": blob " + digest + " has the digest " + actual);
                }
            }
        }
        JsonNode descriptor = json(documents, "index.json").path("manifests").get(0);
        JsonNode manifest = json(documents, descriptor.path("digest").asString());
        JsonNode config = json(documents, manifest.path("config").path("digest").asString());
        Map<String, LayerFile> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.path("layers")) {
            List<LayerFile> layerFiles = layers.get(layer.path("digest").asString());
            if (layerFiles == null) {
                throw new IllegalStateException(tarball + " lacks the layer " + layer.path("digest").asString());
            }
            layerFiles.forEach(file -> files.put(file.path(), file));
        }
        String reference = descriptor.path("annotations").path("org.opencontainers.image.ref.name").asString();
        return new ServiceImage(reference, config.path("config"), files);
    }

    LayerFile file(String path) {
        LayerFile file = files.get(path);
        if (file == null) {
            throw new AssertionError(reference + " has no " + path);
        }
        return file;
    }

    private static List<LayerFile> layerFiles(InputStream gzipped) throws IOException {
        List<LayerFile> files = new ArrayList<>();
        TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(gzipped));
        for (TarArchiveEntry entry = layer.getNextEntry(); entry != null; entry = layer.getNextEntry()) {
            String path = "/" + entry.getName().replaceAll("^\\./|/$", "");
            boolean keep = path.startsWith("/app/") && !entry.isDirectory() && entry.getSize() <= KEPT_CONTENT_BYTES
                    && !path.endsWith(".class") && !path.endsWith(".jar");
            files.add(new LayerFile(path, entry.getMode() & 07777, entry.getLongUserId(), entry.isDirectory(),
                    keep ? layer.readAllBytes() : new byte[0]));
        }
        return files;
    }

    private static boolean gzipped(BufferedInputStream blob) throws IOException {
        blob.mark(2);
        boolean gzipped = blob.read() == 0x1f && blob.read() == 0x8b;
        blob.reset();
        return gzipped;
    }

    private static JsonNode json(Map<String, byte[]> documents, String name) {
        byte[] document = documents.get(name);
        if (document == null) {
            throw new IllegalStateException("the image has no " + name);
        }
        return EventJson.mapper().readTree(document);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
