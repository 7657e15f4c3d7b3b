//! Render stage: Markdown bodies to HTML, and every page through the theme's Tera templates.

pub mod chart;
pub mod context;
pub mod markdown;
pub mod pages;
pub mod partial;
pub mod templates;
