// Package themes holds hoist's colour palettes: semantic tokens in embedded
// files, turned into lipgloss styles by the ui package. It imports no other
// hoist package.
package themes
