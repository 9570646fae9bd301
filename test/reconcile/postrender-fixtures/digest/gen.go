// Generates expected.json: the digests helm-controller records for spec.postRenderers and
// spec.commonMetadata, computed as it computes them (sha256 over json.NewEncoder output of the API
// structs). The structs mirror helm-controller api/v2 PostRenderer/Kustomize/CommonMetadata and
// fluxcd/pkg apis/kustomize Patch/Selector/Image (field order and tags); CommonMetadata's field
// order (annotations, then labels) follows kustomize-controller's identical type.
// Run: /usr/lib/go-1.19/bin/go run gen.go > expected.json
package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
)

type Selector struct {
	Group              string `json:"group,omitempty"`
	Version            string `json:"version,omitempty"`
	Kind               string `json:"kind,omitempty"`
	Name               string `json:"name,omitempty"`
	Namespace          string `json:"namespace,omitempty"`
	AnnotationSelector string `json:"annotationSelector,omitempty"`
	LabelSelector      string `json:"labelSelector,omitempty"`
}

type Patch struct {
	Patch  string    `json:"patch"`
	Target *Selector `json:"target,omitempty"`
}

type Image struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

type Kustomize struct {
	Patches []Patch `json:"patches,omitempty"`
	Images  []Image `json:"images,omitempty"`
}

type PostRenderer struct {
	Kustomize *Kustomize `json:"kustomize,omitempty"`
}

type CommonMetadata struct {
	Annotations map[string]string `json:"annotations,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
}

type Case struct {
	Name           string          `json:"name"`
	PostRenderers  []PostRenderer  `json:"postRenderers"`
	CommonMetadata *CommonMetadata `json:"commonMetadata"`
}

func digest(v interface{}) string {
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(v); err != nil {
		panic(err)
	}
	return fmt.Sprintf("sha256:%x", h.Sum(nil))
}

func main() {
	data, err := os.ReadFile("cases.json")
	if err != nil {
		panic(err)
	}
	var cases []Case
	if err := json.Unmarshal(data, &cases); err != nil {
		panic(err)
	}
	out := map[string]map[string]string{}
	for _, c := range cases {
		d := map[string]string{"postRenderers": "", "commonMetadata": ""}
		if c.PostRenderers != nil {
			d["postRenderers"] = digest(c.PostRenderers)
		}
		if c.CommonMetadata != nil {
			d["commonMetadata"] = digest(c.CommonMetadata)
		}
		out[c.Name] = d
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
