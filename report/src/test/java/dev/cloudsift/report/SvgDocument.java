package dev.cloudsift.report;

import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** An SVG fragment parsed as XML, so tests see the markup a browser would build, not substrings of it. */
final class SvgDocument {
    private final Document document;

    private SvgDocument(Document document) {
        this.document = document;
    }

    /** Fails on markup that is not well-formed, which is what a stray {@code <} from a label would cause. */
    static SvgDocument parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setNamespaceAware(false);
        return new SvgDocument(factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg))));
    }

    Element root() {
        return document.getDocumentElement();
    }

    NodeList all(String tag) {
        return document.getElementsByTagName(tag);
    }

    int count(String tag) {
        return all(tag).getLength();
    }

    /** Elements whose class attribute has this class. */
    java.util.List<Element> withClass(String cssClass) {
        java.util.List<Element> found = new java.util.ArrayList<>();
        NodeList nodes = document.getElementsByTagName("*");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (java.util.Arrays.asList(element.getAttribute("class").split(" ")).contains(cssClass)) {
                found.add(element);
            }
        }
        return found;
    }

    /** Every text node's content, joined: what a reader (or a screen reader) gets. */
    String text() {
        return document.getDocumentElement().getTextContent();
    }
}
